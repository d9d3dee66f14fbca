namespace IpExchange.Contracts.Deals;

/// <summary>A milestone of a deal's payment schedule.</summary>
public sealed record PaymentTerm(string Name, decimal Amount, DateOnly DueOn);

/// <summary>
/// 成交: the Matching service struck a deal on a listing (auction won, offer accepted, open licence
/// taken...). The Listing service reserves or licenses the listing; the Contract service drafts
/// the agreement.
/// </summary>
public sealed record DealStruck(
    string DealId,
    string ListingId,
    string SellerOrganisationId,
    string BuyerOrganisationId,
    decimal Price,
    DealKind DealKind,
    TradingMode TradingMode,
    PricingMethod PricingMethod,
    string Terms,
    IReadOnlyList<PaymentTerm> PaymentSchedule,
    decimal? RoyaltyRate,
    DateTimeOffset StruckAt);
