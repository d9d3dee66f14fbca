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

public sealed record Competition(
    string? Id,
    CompetitionStatus Status,
    CompetitionOpened? Opening,
    IReadOnlyDictionary<string, SealedOffer> Offers,
    CompetitionAwarded? Award,
    string? EndReason) : IAggregateState<Competition>
{
    public static Competition Initial { get; } = new(null, CompetitionStatus.None, null, new Dictionary<string, SealedOffer>(), null, null);

    public static Competition Evolve(Competition state, object @event) => @event switch
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
