using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Matching.Catalogue;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Auctions;

/// <summary>
/// An auction to schedule. <paramref name="AnnouncedAt"/> (公告日期, default: now) starts its announcement
/// period, which lasts until <paramref name="StartsAt"/>; <paramref name="RegistrationDeadline"/> (报名截止) is after
/// the announcement and no later than the start; without one, registration stays open until the end.
/// </summary>
public sealed record ScheduleAuctionRequest(
    [Required] string? ListingId, [Required] DateTimeOffset? StartsAt, [Required] DateTimeOffset? EndsAt, [Required] decimal? StartingPrice, [Required] decimal? Increment, decimal? Deposit,
    int? SoftCloseWindowSeconds, int? SoftCloseExtensionSeconds, DateTimeOffset? AnnouncedAt = null, DateTimeOffset? RegistrationDeadline = null);

public sealed record RegisterRequest(string? DepositReference);

public sealed record BidRequest([Required] decimal? Amount);

/// <summary>What the catalogue knows of the listing an auction is for (the reserve stays server-side).</summary>
public sealed record AuctionedListing(string ListingId, string Title, string SellerOrganisationId, string Status, DealKind DealKind, PricingMethod PricingMethod, decimal AskingPrice, decimal? ReservePrice)
{
    public static AuctionedListing Of(CatalogueEntry listing) => new(listing.ListingId, listing.Title, listing.SellerOrganisationId, listing.Status,
        listing.DealKind, listing.PricingMethod, listing.AskingPrice, listing.ReservePrice);
}

/// <summary>
/// 拍卖/网络竞价: pure decisions. Bids are judged by the time they reached the server
/// (<c>arrivedAt</c>), so a bid that loses an optimistic race and is decided again is still judged
/// against the deadline it met; a bid in the soft-close window extends the end.
/// </summary>
public static class AuctionDecisions
{
    /// <summary>How far before the server's now a start may lie: the scheduler's "now", a moment old.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(365);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    public static AuctionScheduled Schedule(string auctionId, ScheduleAuctionRequest request, AuctionedListing? listing, Caller caller, DateTimeOffset now)
    {
        if (!caller.IsExchange)
        {
            throw new ForbiddenException("Only exchange staff schedule auctions.");
        }

        var errors = new FieldErrors();
        errors.Text("listingId", request.ListingId, 100, multiLine: false);
        if (errors.Has("listingId"))
        {
            // Refused as it was given; no listing to look at.
        }
        else if (listing is null || listing.Status != "Public")
        {
            errors.Add("listingId", "auction.listing-not-public", "No public listing with this id.");
        }
        else if (listing.PricingMethod is not (PricingMethod.Auction or PricingMethod.OnlineBidding))
        {
            errors.Add("listingId", "auction.listing-not-auctioned", $"The listing is priced by {listing.PricingMethod}, not by auction or online bidding.",
                ("pricingMethod", listing.PricingMethod.ToString()));
        }

        // The start may be "now" as the scheduler's browser saw it a moment ago, never earlier.
        var earliestStart = now - StartGrace;
        if (request.StartsAt is not { } starts)
        {
            errors.Add("startsAt", FieldCodes.Required, "The start is required.");
        }
        else
        {
            errors.Check(starts >= earliestStart, "startsAt", FieldCodes.DateInPast, "An auction cannot start in the past.", ("min", earliestStart));
            errors.Check(starts <= now + MaxLeadTime, "startsAt", FieldCodes.DateOutOfRange, "An auction starts within a year.", ("min", earliestStart), ("max", now + MaxLeadTime));
        }

        if (request.EndsAt is not { } ends)
        {
            errors.Add("endsAt", FieldCodes.Required, "The end is required.");
        }
        else if (request.StartsAt is { } start)
        {
            errors.Check(ends > start && ends > now, "endsAt", "auction.ends-before-start", "The end is after the start and in the future.", ("min", start > now ? start : now));
            errors.Check(ends - start <= MaxDuration, "endsAt", "auction.too-long", "An auction lasts at most 30 days.", ("maxDays", MaxDuration.TotalDays));
        }

        // 公告期: announced no earlier than the scheduler's now and no later than the start; 报名截止 within it.
        var announced = request.AnnouncedAt ?? now;
        if (request.AnnouncedAt is { } announcedAt)
        {
            errors.Check(announcedAt >= earliestStart, "announcedAt", FieldCodes.DateInPast, "The announcement cannot lie in the past.", ("min", earliestStart));
            if (request.StartsAt is { } startsAt)
            {
                errors.Check(announcedAt <= startsAt, "announcedAt", "auction.announced-after-start", "The announcement comes before the auction starts.", ("max", startsAt));
            }
        }

        if (request.RegistrationDeadline is { } deadline)
        {
            errors.Check(deadline > announced, "registrationDeadline", "auction.registration-deadline-before-announcement",
                "The registration deadline is after the announcement.", ("min", announced));
            if (request.StartsAt is { } startsAt)
            {
                errors.Check(deadline <= startsAt, "registrationDeadline", "auction.registration-deadline-after-start",
                    "The registration deadline is no later than the start.", ("max", startsAt));
            }
        }

        Money.Check(errors, "startingPrice", request.StartingPrice);
        Money.Check(errors, "increment", request.Increment);
        Money.Check(errors, "deposit", request.Deposit, required: false, allowZero: true);
        errors.Range("softCloseWindowSeconds", request.SoftCloseWindowSeconds, 0, 3600, required: false);
        errors.Range("softCloseExtensionSeconds", request.SoftCloseExtensionSeconds, 0, 3600, required: false);
        errors.ThrowIfAny();

        // An online bidding listing may have no reserve: then any bid at or above the start wins.
        var rules = new AuctionRules(request.StartingPrice!.Value, listing!.ReservePrice ?? request.StartingPrice.Value, request.Increment!.Value,
            request.Deposit ?? 0, TimeSpan.FromSeconds(request.SoftCloseWindowSeconds ?? 300), TimeSpan.FromSeconds(request.SoftCloseExtensionSeconds ?? 300));
        return new AuctionScheduled(auctionId, listing.ListingId, listing.Title, listing.SellerOrganisationId, listing.DealKind, listing.PricingMethod,
            request.StartsAt!.Value.ToUniversalTime(), request.EndsAt!.Value.ToUniversalTime(), rules, caller.UserId,
            announced.ToUniversalTime(), request.RegistrationDeadline?.ToUniversalTime());
    }

    public static BidderRegistered Register(Auction auction, RegisterRequest request, Caller caller, DateTimeOffset now)
    {
        RequireExists(auction);
        if (!caller.IsEnterprise)
        {
            throw new ForbiddenException("Only enterprises bid.");
        }

        if (caller.OrganisationId == auction.Schedule!.SellerOrganisationId)
        {
            throw Broken("auction.seller-cannot-bid", "organisation", "The seller's organisation cannot bid on its own listing.");
        }

        if (auction.Status == AuctionStatus.Closed || now >= auction.EndsAt)
        {
            throw Broken("auction.closed", "auction", "The auction has ended.");
        }

        if (auction.Schedule.RegistrationDeadline is { } deadline && now > deadline)
        {
            throw Broken("auction.registration-closed", "auction", $"Registration closed at {deadline:O}.", ("deadline", deadline));
        }

        if (auction.Bidders.ContainsKey(caller.OrganisationId))
        {
            throw Broken("auction.already-registered", "organisation", "Your organisation is already registered for this auction.");
        }

        var errors = new FieldErrors();
        var reference = errors.Text("depositReference", request.DepositReference, 100, required: auction.Schedule.Rules.Deposit > 0, multiLine: false);
        errors.ThrowIfAny();

        return new BidderRegistered(caller.OrganisationId, caller.OrganisationName, caller.Group, reference ?? "", auction.Schedule.Rules.Deposit);
    }

    public static BidPlaced Bid(Auction auction, BidRequest request, Caller caller, DateTimeOffset arrivedAt, string bidId)
    {
        RequireExists(auction);
        var errors = new FieldErrors();
        var amount = Money.Check(errors, "amount", request.Amount);
        errors.ThrowIfAny();

        var schedule = auction.Schedule!;
        if (caller.OrganisationId == schedule.SellerOrganisationId)
        {
            throw Broken("auction.seller-cannot-bid", "amount", "The seller's organisation cannot bid.");
        }

        if (!auction.Bidders.ContainsKey(caller.OrganisationId))
        {
            throw Broken("auction.not-registered", "amount", "Register (and pay the deposit) before bidding.");
        }

        if (auction.Status == AuctionStatus.Closed || arrivedAt >= auction.EndsAt)
        {
            throw Broken("auction.closed", "amount", $"The auction ended at {auction.EndsAt:yyyy-MM-dd HH:mm:ss}Z; the bid arrived at {arrivedAt:HH:mm:ss.fff}Z.",
                ("endsAt", auction.EndsAt), ("arrivedAt", arrivedAt));
        }

        if (arrivedAt < schedule.StartsAt)
        {
            throw Broken("auction.not-started", "amount", $"Bidding opens at {schedule.StartsAt:yyyy-MM-dd HH:mm:ss}Z.", ("startsAt", schedule.StartsAt));
        }

        if (amount < auction.MinimumNextBid)
        {
            throw Broken("bid.below-increment", "amount",
                auction.CurrentPrice is null
                    ? $"The first bid is at least the starting price {auction.MinimumNextBid:0.00}."
                    : $"A bid must beat the current price {auction.CurrentPrice:0.00} by at least {schedule.Rules.Increment:0.00}: {auction.MinimumNextBid:0.00} or more.",
                ("minimum", auction.MinimumNextBid), ("currentPrice", auction.CurrentPrice), ("increment", schedule.Rules.Increment));
        }

        var endsAt = auction.EndsAt - arrivedAt <= schedule.Rules.SoftCloseWindow ? auction.EndsAt + schedule.Rules.SoftCloseExtension : auction.EndsAt;
        return new BidPlaced(bidId, caller.OrganisationId, amount, arrivedAt, endsAt);
    }

    /// <summary>The start, once its time has come: from then on the room says bidding is open.</summary>
    public static IReadOnlyList<object> Start(Auction auction, DateTimeOffset now) =>
        auction.Status == AuctionStatus.Scheduled && now >= auction.Schedule!.StartsAt ? [new AuctionStarted(now)] : [];

    /// <summary>The close, once the (extended) end has passed: the highest bid wins if it meets the reserve.</summary>
    public static IReadOnlyList<object> Close(Auction auction, DateTimeOffset now)
    {
        if (!auction.IsOpen || now < auction.EndsAt)
        {
            return [];
        }

        var best = auction.Bids.Count == 0 ? null : auction.Bids[^1];
        AuctionClosed closed = best switch
        {
            null => new(Auction.NoBids, null, null, now),
            _ when best.Amount < auction.Schedule!.Rules.ReservePrice => new(Auction.BelowReserve, null, null, now),
            _ => new(Auction.Won, best.BidderOrganisationId, best.Amount, now),
        };
        var events = new List<object> { closed };
        events.AddRange(auction.Bidders.Values
            .Where(b => b.OrganisationId != closed.WinnerOrganisationId)
            .OrderBy(b => b.OrganisationId, StringComparer.Ordinal)
            .Select(b => new DepositReleased(b.OrganisationId, b.Deposit)));
        return events;
    }

    /// <summary>
    /// 成交: the deal a won auction strikes, at the winning price less the deposit, due 30 days
    /// after the close.
    /// </summary>
    public static DealStruck Deal(Auction auction, AuctionClosed won, string dealId)
    {
        var s = auction.Schedule!;
        return new DealStruck(dealId, s.ListingId, s.SellerOrganisationId, won.WinnerOrganisationId!, won.Price!.Value, s.DealKind, TradingMode.Bidding,
            s.PricingMethod, "拍卖成交，按竞价结果签订转让（许可）合同；竞得人保证金抵作价款。",
            [new PaymentTerm("成交价款（扣除保证金）", won.Price.Value - s.Rules.Deposit, DateOnly.FromDateTime(won.ClosedAt.UtcDateTime).AddDays(30))],
            null, won.ClosedAt);
    }

    private static void RequireExists(Auction auction)
    {
        if (!auction.Exists)
        {
            throw new NotFoundException("auction", "");
        }
    }

    private static DomainRuleViolationException Broken(string rule, string field, string message, params (string Name, object? Value)[] parameters) =>
        new(rule, field, message, parameters);
}
