using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Monitoring.Facts;
using IpExchange.Monitoring.Pipeline;
using IpExchange.Monitoring.Valuation;

namespace IpExchange.Monitoring.Alerts;

/// <summary>
/// Gathers what the rules need and raises what they find, whichever of the facts came first. The facts of a stream are read as
/// committed, under the stream's lock (<see cref="FactLock"/>), not from the cockpit's documents,
/// which the async daemon may not have caught up with yet.
/// </summary>
public static class DealChecks
{
    /// <summary>
    /// A deal struck: its price against the listing's asking price and the valuation, the patent's
    /// expiry and pledge. A deal heard of before its listing leaves a note on the listing's stream,
    /// and the listing's publication runs the checks when it comes (<see cref="OnListingPublished"/>).
    /// </summary>
    public static async Task OnStruck(EventSession session, EventStore.EventStore store, DealStruck deal, Guid? messageId, AlertOptions options, CancellationToken cancellationToken)
    {
        // The listing's lock too (always after the deal's, so never a deadlock): its publication
        // cannot slip in between reading the listing and leaving the note.
        var listingStream = Facts.Facts.ListingStream(deal.ListingId);
        await FactLock.Take(session, store, listingStream, cancellationToken);
        var listing = ListingView.Of(listingStream, await FactLock.Read(session, listingStream, cancellationToken));
        if (!listing.Published)
        {
            session.Append(listingStream, ExpectedVersion.Any, new DealAwaitingListing(deal.DealId, deal.ListingId, store.Now()));
            return;
        }

        await Check(session, store, deal, messageId, listing, options, cancellationToken);
    }

    /// <summary>A listing's first publication runs the checks of the deals struck on it that were heard of before it.</summary>
    public static async Task OnListingPublished(EventSession session, EventStore.EventStore store, ListingPublished published, Guid? messageId, AlertOptions options,
        CancellationToken cancellationToken)
    {
        var listingStream = Facts.Facts.ListingStream(published.ListingId);
        var before = await FactLock.Read(session, listingStream, cancellationToken);
        var waiting = before.Select(e => e.Data).OfType<DealAwaitingListing>().Select(w => w.DealId).Distinct(StringComparer.Ordinal).ToList();
        var known = ListingView.Of(listingStream, before);
        if (waiting.Count == 0 || known.Published)
        {
            return;
        }

        var listing = ListingView.Evolve(known, published, messageId);
        foreach (var dealId in waiting)
        {
            var struck = (await FactLock.Read(session, Facts.Facts.DealStream(dealId), cancellationToken)).FirstOrDefault(e => e.Data is DealStruck);
            if (struck is not null)
            {
                await Check(session, store, (DealStruck)struck.Data, Guid.TryParse(struck.CausationId, out var id) ? id : null, listing, options, cancellationToken);
            }
        }
    }

    public static async Task OnBid(EventSession session, EventStore.EventStore store, AuctionBidAccepted bid, Guid? messageId, AlertOptions options, CancellationToken cancellationToken)
    {
        var earlier = (await FactLock.Read(session, Facts.Facts.AuctionStream(bid.AuctionId), cancellationToken))
            .Where(e => e.Data is AuctionBidAccepted)
            .Select(e => (Bid: (AuctionBidAccepted)e.Data, Message: Guid.TryParse(e.CausationId, out var id) ? id : (Guid?)null))
            .Select(b => new EarlierBid(b.Bid.BidderOrganisationId, b.Bid.BidderGroup, b.Bid.PlacedAt, b.Message))
            .ToList();
        foreach (var finding in AlertRules.ForBid(bid, messageId, earlier, options))
        {
            await AlertRaising.Raise(session, store, finding, cancellationToken);
        }
    }

    private static async Task Check(EventSession session, EventStore.EventStore store, DealStruck deal, Guid? messageId, ListingView listing, AlertOptions options,
        CancellationToken cancellationToken)
    {
        var facts = new ListingFacts(listing.ListingId, listing.AskingPrice, listing.ExpiresOn ?? DateOnly.MaxValue, listing.Pledged, listing.MessageId);
        var valuation = Estimate.None;
        if (listing.IpcCode is { } ipc && Enum.TryParse<Contracts.PatentType>(listing.PatentType, out var type))
        {
            var atDeal = new ValuationFeatures(ipc, deal.DealKind, type, Valuation.Valuation.RemainingYears(facts.ExpiresOn, deal.StruckAt), listing.ClaimsCount);
            valuation = Valuation.Valuation.Of(atDeal, await Comparables.InClass(store, atDeal, cancellationToken));
        }

        foreach (var finding in AlertRules.ForDeal(deal, messageId, facts, valuation, options))
        {
            await AlertRaising.Raise(session, store, finding, cancellationToken);
        }
    }

    /// <summary>A payment the Contract service reports overdue makes the deal stuck where it is.</summary>
    public static async Task OnPaymentOverdue(EventSession session, EventStore.EventStore store, PaymentOverdue overdue, Guid? messageId, CancellationToken cancellationToken)
    {
        var stream = Facts.Facts.DealStream(overdue.DealId);
        var deal = DealView.Of(stream, await FactLock.Read(session, stream, cancellationToken));
        if (deal.Stage is { } ended && DealStage.IsEnded(ended))
        {
            return;
        }

        var reason = $"款项 {overdue.Milestone} ({overdue.AmountDue:0.00} 元) 于 {overdue.DueOn:yyyy-MM-dd} 到期未付 (payment overdue)";
        var deadline = new DateTimeOffset(overdue.DueOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1);
        if (deal.Stage is { } stage)
        {
            session.Append(stream, ExpectedVersion.Any, new DealStuck(overdue.DealId, stage, reason, deadline, store.Now()));
        }

        await AlertRaising.Raise(session, store, AlertRules.Stuck(overdue.DealId, deal.ListingId ?? "", deal.Stage ?? "unknown", reason, deadline, messageId), cancellationToken);
    }

    /// <summary>A licence year's royalty overdue raises an alert for the exchange; the deal's stage is left as it is.</summary>
    public static async Task OnRoyaltyOverdue(EventSession session, EventStore.EventStore store, RoyaltyOverdue overdue, Guid? messageId, CancellationToken cancellationToken)
    {
        var stream = Facts.Facts.DealStream(overdue.DealId);
        var deal = DealView.Of(stream, await FactLock.Read(session, stream, cancellationToken));
        await AlertRaising.Raise(session, store, AlertRules.RoyaltyNotPaid(overdue, deal.ListingId, messageId), cancellationToken);
    }
}

/// <summary>
/// The cockpit's note on a listing's stream that a deal was struck on it before its publication was
/// heard: the publication runs the deal's checks when it comes.
/// </summary>
public sealed record DealAwaitingListing(string DealId, string ListingId, DateTimeOffset HeardAt);
