using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;

namespace IpExchange.Matching.Negotiations;

public enum Side
{
    Buyer,
    Seller,
}

public enum NegotiationStatus
{
    None,
    Open,       // 磋商中: the side that did not make the last offer answers it
    Accepted,   // 成交
    Rejected,   // 一方终止
    Lapsed,     // 报价过期
}

/// <summary>An enterprise opens a negotiation on a listing with its first offer.</summary>
public sealed record NegotiationOpened(
    string NegotiationId, string ListingId, string ListingTitle, string SellerOrganisationId, string BuyerOrganisationId, string BuyerOrganisationName,
    DealKind DealKind, TradingMode TradingMode, PricingMethod PricingMethod, decimal AskingPrice,
    decimal Price, IReadOnlyList<PaymentTerm> Schedule, string? Note, DateTimeOffset ExpiresAt, string UserId, DateTimeOffset At);

/// <summary>还价: the answering side offers other terms; it is now the other side's turn.</summary>
public sealed record OfferCountered(Side By, decimal Price, IReadOnlyList<PaymentTerm> Schedule, string? Note, DateTimeOffset ExpiresAt, string UserId, DateTimeOffset At);

public sealed record OfferAccepted(Side By, decimal Price, string DealId, string UserId, DateTimeOffset At);

public sealed record OfferRejected(Side By, string? Reason, string UserId, DateTimeOffset At);

/// <summary>The last offer was not answered before it expired.</summary>
public sealed record OfferLapsed(DateTimeOffset ExpiredAt);

public sealed record NegotiationOffer(int Number, Side By, decimal Price, IReadOnlyList<PaymentTerm> Schedule, string? Note, DateTimeOffset ExpiresAt, DateTimeOffset At);

public sealed record Negotiation(
    string? Id,
    NegotiationStatus Status,
    NegotiationOpened? Opening,
    IReadOnlyList<NegotiationOffer> Offers,
    string? DealId,
    string? EndReason) : IAggregateState<Negotiation>
{
    public static Negotiation Initial { get; } = new(null, NegotiationStatus.None, null, [], null, null);

    public static Negotiation Evolve(Negotiation state, object @event) => @event switch
    {
        NegotiationOpened e => state with
        {
            Id = e.NegotiationId, Status = NegotiationStatus.Open, Opening = e,
            Offers = [new NegotiationOffer(1, Side.Buyer, e.Price, e.Schedule, e.Note, e.ExpiresAt, e.At)],
        },
        OfferCountered e => state with { Offers = [.. state.Offers, new NegotiationOffer(state.Offers.Count + 1, e.By, e.Price, e.Schedule, e.Note, e.ExpiresAt, e.At)] },
        OfferAccepted e => state with { Status = NegotiationStatus.Accepted, DealId = e.DealId },
        OfferRejected e => state with { Status = NegotiationStatus.Rejected, EndReason = e.Reason },
        OfferLapsed => state with { Status = NegotiationStatus.Lapsed },
        _ => state,
    };

    public bool Exists => Status != NegotiationStatus.None;

    public NegotiationOffer Current => Offers[^1];

    /// <summary>Whose move it is: the side that did not make the last offer.</summary>
    public Side Turn => Current.By == Side.Buyer ? Side.Seller : Side.Buyer;

    public static string StreamId(string id) => $"negotiation-{id}";
}
