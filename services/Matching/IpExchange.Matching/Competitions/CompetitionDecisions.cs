using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Offers;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Competitions;

public sealed record OpenCompetitionRequest([Required] string? ListingId, [Required] DateTimeOffset? Deadline, decimal? MinimumPrice);

public sealed record SealedOfferRequest([Required] decimal? Price, IReadOnlyList<MilestoneRequest>? Schedule, string? Note);

public sealed record AwardRequest([Required] string? BidderOrganisationId);

public sealed record DeclineRequest([Required] string? Reason);

/// <summary>
/// 竞争性谈判: pure decisions. The seller (or exchange staff) opens a round with a deadline; each
/// enterprise that can see the listing submits one sealed offer, which it may replace or withdraw
/// until the deadline by the server's clock. Before the deadline an offer is visible only to its
/// bidder and to the exchange; after it the seller sees them all and picks one (the deal is struck
/// at that offer) or none.
/// </summary>
public static class CompetitionDecisions
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(60);

    public static CompetitionOpened Open(string id, OpenCompetitionRequest request, CatalogueEntry? listing, Caller caller, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        errors.Text("listingId", request.ListingId, 100, multiLine: false);
        errors.ThrowIfAny();

        if (listing is null || !listing.VisibleTo(caller))
        {
            throw new NotFoundException("listing", request.ListingId!);
        }

        if (!(caller.IsExchange || caller.OrganisationId == listing.SellerOrganisationId))
        {
            throw new ForbiddenException("Only the listing's owner or exchange staff open a competitive negotiation.");
        }

        if (!listing.IsPublic)
        {
            throw new DomainRuleViolationException("offer.listing-unavailable", "listingId", $"The listing is {listing.Status}: it takes no offers now.", ("status", listing.Status));
        }

        if (listing.PricingMethod != PricingMethod.CompetitiveNegotiation)
        {
            throw new DomainRuleViolationException("competition.not-competitive", "listingId", $"The listing is priced by {listing.PricingMethod}, not by competitive negotiation.",
                ("pricingMethod", listing.PricingMethod.ToString()));
        }

        errors.Check(request.Deadline is { } d && d > now && d <= now + MaxDuration, "deadline", FieldCodes.DateOutOfRange,
            "The deadline is required, in the future and at most 60 days away.", ("min", now), ("max", now + MaxDuration));
        Money.Check(errors, "minimumPrice", request.MinimumPrice, required: false);

        errors.ThrowIfAny();
        return new CompetitionOpened(id, listing.ListingId, listing.Title, listing.SellerOrganisationId, listing.DealKind, listing.TradingMode, listing.PricingMethod,
            listing.AskingPrice, request.MinimumPrice, request.Deadline!.Value.ToUniversalTime(), caller.UserId, now);
    }

    public static SealedOfferSubmitted Submit(Competition competition, SealedOfferRequest request, CatalogueEntry? listing, Caller caller, DateTimeOffset now)
    {
        RequireBidder(competition, listing, caller);
        RequireBeforeDeadline(competition, now);
        var errors = new FieldErrors();
        var price = OfferTerms.Price(errors, request.Price);
        var schedule = OfferTerms.Schedule(errors, request.Schedule, price, DateOnly.FromDateTime(now.UtcDateTime));
        var note = errors.Text("note", request.Note, 2000, required: false);
        errors.ThrowIfAny();
        if (competition.Opening!.MinimumPrice is { } min && price < min)
        {
            throw new DomainRuleViolationException("competition.below-minimum", "price", $"The offer is below the minimum price of {min:0.00} yuan.", ("minimum", min));
        }

        return new SealedOfferSubmitted(caller.OrganisationId, caller.OrganisationName, price, schedule, note, caller.UserId, now);
    }

    public static SealedOfferWithdrawn Withdraw(Competition competition, CatalogueEntry? listing, Caller caller, DateTimeOffset now)
    {
        RequireBidder(competition, listing, caller);
        RequireBeforeDeadline(competition, now);
        return competition.Offers.ContainsKey(caller.OrganisationId)
            ? new SealedOfferWithdrawn(caller.OrganisationId, caller.UserId, now)
            : throw new NotFoundException("offer", caller.OrganisationId);
    }

    /// <summary>At the deadline (from the timer, or from the seller's choice if the timer has not fired yet).</summary>
    public static IReadOnlyList<object> Close(Competition competition, DateTimeOffset now) =>
        competition.Status != CompetitionStatus.Open || now < competition.Opening!.Deadline ? []
        : competition.Offers.Count == 0 ? [new SubmissionsClosed(0, now), new CompetitionEnded("No offers by the deadline / 截止时无人报价", null, now)]
        : [new SubmissionsClosed(competition.Offers.Count, now)];

    public static IReadOnlyList<object> Award(Competition competition, AwardRequest request, Caller caller, DateTimeOffset now, string dealId)
    {
        var closing = RequireSellerAfterDeadline(competition, caller, now);
        var errors = new FieldErrors();
        var bidder = errors.Text("bidderOrganisationId", request.BidderOrganisationId, 100, multiLine: false);
        errors.ThrowIfAny();
        if (!competition.Offers.TryGetValue(bidder!, out var offer))
        {
            throw new ValidationFailedException("bidderOrganisationId", new FieldProblem("competition.not-a-bidder", "Choose one of the offers' bidders."));
        }

        return [.. closing, new CompetitionAwarded(offer.BidderOrganisationId, offer.Price, dealId, caller.UserId, now)];
    }

    public static IReadOnlyList<object> Decline(Competition competition, DeclineRequest request, Caller caller, DateTimeOffset now)
    {
        var closing = RequireSellerAfterDeadline(competition, caller, now);
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 500);
        errors.ThrowIfAny();
        return [.. closing.Where(e => e is SubmissionsClosed), new CompetitionEnded(reason!, caller.UserId, now)];
    }

    /// <summary>The deal an award strikes: at the chosen offer's price and schedule (the whole price 30 days later when it had none).</summary>
    public static DealStruck Deal(Competition competition, CompetitionAwarded awarded)
    {
        var o = competition.Opening!;
        var offer = competition.Offers[awarded.BidderOrganisationId];
        return new DealStruck(awarded.DealId, o.ListingId, o.SellerOrganisationId, awarded.BidderOrganisationId, awarded.Price, o.DealKind, o.TradingMode,
            o.PricingMethod, offer.Note ?? "经竞争性谈判选定，按所选报价签订合同。",
            OfferTerms.OrLumpSum(offer.Schedule, awarded.Price, awarded.At), null, awarded.At);
    }

    private static IReadOnlyList<object> RequireSellerAfterDeadline(Competition competition, Caller caller, DateTimeOffset now)
    {
        RequireExists(competition);
        if (caller.OrganisationId != competition.Opening!.SellerOrganisationId)
        {
            throw new ForbiddenException("Only the seller chooses among the offers.");
        }

        if (competition.Status is CompetitionStatus.Awarded or CompetitionStatus.Ended)
        {
            throw new DomainRuleViolationException("competition.ended", "competition", $"The competitive negotiation has ended ({competition.Status}).", ("status", competition.Status.ToString()));
        }

        if (now < competition.Opening.Deadline)
        {
            throw new DomainRuleViolationException("competition.still-open", "competition",
                $"Offers are sealed until {competition.Opening.Deadline:u}; the seller chooses after the deadline.", ("deadline", competition.Opening.Deadline));
        }

        // The timer may not have fired yet: close first, in the same append.
        return Close(competition, now).Where(e => e is SubmissionsClosed).ToList();
    }

    private static void RequireBidder(Competition competition, CatalogueEntry? listing, Caller caller)
    {
        RequireExists(competition);
        if (!caller.IsEnterprise)
        {
            throw new ForbiddenException("Only enterprises submit offers.");
        }

        if (caller.OrganisationId == competition.Opening!.SellerOrganisationId)
        {
            throw new DomainRuleViolationException("offer.own-listing", "listingId", "An organisation cannot make offers on its own listing.");
        }

        if (listing is not { IsPublic: true })
        {
            throw new DomainRuleViolationException("offer.listing-unavailable", "listingId", $"The listing is {listing?.Status ?? "gone"}: it takes no offers now.", ("status", listing?.Status));
        }
    }

    private static void RequireBeforeDeadline(Competition competition, DateTimeOffset now)
    {
        if (competition.Status != CompetitionStatus.Open || now >= competition.Opening!.Deadline)
        {
            throw new DomainRuleViolationException("competition.closed", "competition", $"Offers closed at {competition.Opening!.Deadline:u}.", ("deadline", competition.Opening!.Deadline));
        }
    }

    private static void RequireExists(Competition competition)
    {
        if (!competition.Exists)
        {
            throw new NotFoundException("competition", "");
        }
    }
}
