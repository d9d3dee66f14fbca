namespace IpExchange.Contracts.Monitoring;

/// <summary>
/// The Monitoring service raised an alert on a deal, listing or auction (price far from the asking
/// price or valuation, bidders of one group, a burst of bids, a patent near expiry or pledged in an
/// assignment, a deal stuck past its deadline, a pledged patent near expiry or lapsed). Exchange staff
/// investigate it in the cockpit. <paramref name="LoanId"/>: the pledge loan an alert on a pledged patent
/// concerns (its bank sees it on the loan), <paramref name="PatentId"/> the patent; null for the others.
/// </summary>
public sealed record AlertRaised(
    string AlertId,
    string Rule,
    string? DealId,
    string? ListingId,
    string? AuctionId,
    string Summary,
    DateTimeOffset RaisedAt,
    string? LoanId = null,
    string? PatentId = null);
