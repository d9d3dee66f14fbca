namespace IpExchange.Contracts.Auctions;

/// <summary>An auction ended: a winner at or above the reserve, or none (no bids, or all below the reserve).</summary>
public sealed record AuctionEnded(string AuctionId, string ListingId, string Outcome, string? WinnerOrganisationId, decimal? Price, int Bids, DateTimeOffset EndedAt);

/// <summary>A bidder's deposit (保证金) is released: it did not win, or the auction failed.</summary>
public sealed record AuctionDepositReleased(string AuctionId, string OrganisationId, decimal Amount, DateTimeOffset ReleasedAt);

/// <summary>A bid was accepted (for the cockpit's burst-of-bids alert and the live auction room).</summary>
public sealed record AuctionBidAccepted(string AuctionId, string ListingId, string BidderOrganisationId, string? BidderGroup, decimal Amount, DateTimeOffset PlacedAt, DateTimeOffset EndsAt);
