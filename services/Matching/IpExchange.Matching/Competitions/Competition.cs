using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;

namespace IpExchange.Matching.Competitions;

public enum CompetitionStatus
{
    None,
    Open,      // 报价中: sealed offers until the deadline
    Closed,    // 报价截止: the seller chooses
    Awarded,   // 已选定, the deal is struck
    Ended,     // 未成交: no offers, or the seller chose none
}

public sealed record CompetitionOpened(
    string CompetitionId, string ListingId, string ListingTitle, string SellerOrganisationId, DealKind DealKind, TradingMode TradingMode,
    PricingMethod PricingMethod, decimal AskingPrice, decimal? MinimumPrice, DateTimeOffset Deadline, string OpenedBy, DateTimeOffset At);

/// <summary>A sealed offer (密封报价); a later one from the same bidder replaces it.</summary>
public sealed record SealedOfferSubmitted(string BidderOrganisationId, string BidderOrganisationName, decimal Price, IReadOnlyList<PaymentTerm> Schedule, string? Note, string UserId, DateTimeOffset At);

public sealed record SealedOfferWithdrawn(string BidderOrganisationId, string UserId, DateTimeOffset At);

public sealed record SubmissionsClosed(int Offers, DateTimeOffset At);

public sealed record CompetitionAwarded(string BidderOrganisationId, decimal Price, string DealId, string UserId, DateTimeOffset At);

public sealed record CompetitionEnded(string Reason, string? UserId, DateTimeOffset At);

public sealed record SealedOffer(string BidderOrganisationId, string BidderOrganisationName, decimal Price, IReadOnlyList<PaymentTerm> Schedule, string? Note, DateTimeOffset At);

/// <param name="PublicEvents">How many of the stream's events anyone who sees the round may know of (all but sealed offers' submissions and withdrawals).</param>
/// <param name="OfferEvents">Per bidder, how many submissions and withdrawals of its own offer the stream holds.</param>
public sealed record Competition(
    string? Id,
    CompetitionStatus Status,
    CompetitionOpened? Opening,
    IReadOnlyDictionary<string, SealedOffer> Offers,
    CompetitionAwarded? Award,
    string? EndReason,
    long PublicEvents,
    IReadOnlyDictionary<string, long> OfferEvents) : IAggregateState<Competition>
{
    public static Competition Initial { get; } = new(null, CompetitionStatus.None, null, new Dictionary<string, SealedOffer>(), null, null, 0, new Dictionary<string, long>());

    public static Competition Evolve(Competition state, object @event) => Count(Apply(state, @event), @event);

    /// <summary>
    /// The version of the round as one caller may know it: the stream's version for whoever sees
    /// every offer; otherwise the public events and the caller's own offer's, so that neither the
    /// seller nor a bidder can count the sealed offers from the ETag (every offer is an event).
    /// </summary>
    public long VersionSeenBy(string organisationId, bool seesAll, long streamVersion) =>
        seesAll ? streamVersion : PublicEvents + OfferEvents.GetValueOrDefault(organisationId);

    private static Competition Count(Competition state, object @event) => @event switch
    {
        SealedOfferSubmitted e => state with { OfferEvents = Bump(state.OfferEvents, e.BidderOrganisationId) },
        SealedOfferWithdrawn e => state with { OfferEvents = Bump(state.OfferEvents, e.BidderOrganisationId) },
        _ => state with { PublicEvents = state.PublicEvents + 1 },
    };

    private static Dictionary<string, long> Bump(IReadOnlyDictionary<string, long> counts, string bidder) =>
        new(counts) { [bidder] = counts.GetValueOrDefault(bidder) + 1 };

    private static Competition Apply(Competition state, object @event) => @event switch
    {
        CompetitionOpened e => state with { Id = e.CompetitionId, Status = CompetitionStatus.Open, Opening = e },
        SealedOfferSubmitted e => state with
        {
            Offers = new Dictionary<string, SealedOffer>(state.Offers)
            {
                [e.BidderOrganisationId] = new(e.BidderOrganisationId, e.BidderOrganisationName, e.Price, e.Schedule, e.Note, e.At),
            },
        },
        SealedOfferWithdrawn e => state with { Offers = state.Offers.Where(o => o.Key != e.BidderOrganisationId).ToDictionary() },
        SubmissionsClosed => state with { Status = CompetitionStatus.Closed },
        CompetitionAwarded e => state with { Status = CompetitionStatus.Awarded, Award = e },
        CompetitionEnded e => state with { Status = CompetitionStatus.Ended, EndReason = e.Reason },
        _ => state,
    };

    public bool Exists => Status != CompetitionStatus.None;

    public static string StreamId(string id) => $"competition-{id}";
}
