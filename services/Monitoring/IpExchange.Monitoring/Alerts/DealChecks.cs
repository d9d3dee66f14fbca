using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.Monitoring.Facts;
using IpExchange.Monitoring.Pipeline;
using IpExchange.Monitoring.Valuation;

namespace IpExchange.Monitoring.Alerts;

/// <summary>
/// Gathers what the rules need and raises what they find. The facts of a stream are read as
/// committed, under the stream's lock (<see cref="FactLock"/>), not from the cockpit's documents,
/// which the async daemon may not have caught up with yet.
/// </summary>
public static class DealChecks
{
    public static async Task OnStruck(EventSession session, EventStore.EventStore store, DealStruck deal, Guid? messageId, AlertOptions options, CancellationToken cancellationToken)
    {
        var listing = ListingView.Of(Facts.Facts.ListingStream(deal.ListingId), await FactLock.Read(session, Facts.Facts.ListingStream(deal.ListingId), cancellationToken));
        if (!listing.Published)
        {
            // Heard before its listing: the checks need the listing's price, expiry and pledge (a known limit, see the README).
            return;
        }

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
}
