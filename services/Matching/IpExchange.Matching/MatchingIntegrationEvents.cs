using IpExchange.Contracts.Auctions;
using IpExchange.EventStore;
using IpExchange.Matching.Auctions;
using IpExchange.Matching.Competitions;
using IpExchange.Matching.Negotiations;
using IpExchange.Matching.Offers;

namespace IpExchange.Matching;

/// <summary>
/// The Matching service's one map from its domain events to the integration events others consume.
/// Every route to a deal ends in one <c>DealStruck</c>, announced by the event that struck it (the
/// deals row is written in the same transaction). <c>StrongMatchFound</c> is not here: no event of
/// this service stands behind a match (see <see cref="Matching.StrongMatches"/>).
/// </summary>
public sealed class MatchingIntegrationEvents : IIntegrationEvents
{
    public IEnumerable<object> For(AppendedEvent appended) => (appended.Data, appended.State) switch
    {
        (BidPlaced e, Auction a) =>
            [new AuctionBidAccepted(a.Id!, a.Schedule!.ListingId, e.BidderOrganisationId, a.Bidders[e.BidderOrganisationId].Group, e.Amount, e.ArrivedAt, e.EndsAt)],
        (AuctionClosed e, Auction a) =>
            [
                new AuctionEnded(a.Id!, a.Schedule!.ListingId, e.Outcome, e.WinnerOrganisationId, e.Price, a.Bids.Count, e.ClosedAt),
                .. e.DealId is { } dealId ? [AuctionDecisions.Deal(a, e, dealId)] : Array.Empty<object>(),
            ],
        (DepositReleased e, Auction a) => [new AuctionDepositReleased(a.Id!, e.OrganisationId, e.Amount, a.Result!.ClosedAt)],
        (OfferAccepted e, Negotiation n) => [NegotiationDecisions.Deal(n, e)],
        (CompetitionAwarded e, Competition c) => [CompetitionDecisions.Deal(c, e)],
        (ListingAccepted e, _) => [e.Deal()],
        _ => [],
    };
}
