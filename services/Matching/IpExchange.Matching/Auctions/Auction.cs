using IpExchange.Contracts;
using IpExchange.EventStore;

namespace IpExchange.Matching.Auctions;

public enum AuctionStatus
{
    None,
    Scheduled,   // 已排期: open for registration, not yet for bids
    Running,     // 竞价中: from its start, bids until the (extended) end
    Closed,      // 已结束
}

public sealed record AuctionRules(
    decimal StartingPrice,
    decimal ReservePrice,
    decimal Increment,
    decimal Deposit,
    TimeSpan SoftCloseWindow,
    TimeSpan SoftCloseExtension);

/// <summary>
/// 拍卖公告: the exchange scheduled an auction. Its announcement period (公告期) runs from
/// <paramref name="AnnouncedAt"/> to the start; bidders register until <paramref name="RegistrationDeadline"/>
/// (报名截止), or until the end when none was set (online bidding, and auctions scheduled before the deadline existed).
/// </summary>
public sealed record AuctionScheduled(
    string AuctionId, string ListingId, string ListingTitle, string SellerOrganisationId, DealKind DealKind, PricingMethod PricingMethod,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, AuctionRules Rules, string ScheduledBy,
    DateTimeOffset? AnnouncedAt = null, DateTimeOffset? RegistrationDeadline = null);

/// <summary>The start came: bidding is open (recorded by the start timer, so the room's status and its ETag change with it).</summary>
public sealed record AuctionStarted(DateTimeOffset At);

public sealed record BidderRegistered(string OrganisationId, string OrganisationName, string? Group, string DepositReference, decimal Deposit);

public sealed record BidPlaced(string BidId, string BidderOrganisationId, decimal Amount, DateTimeOffset ArrivedAt, DateTimeOffset EndsAt);

/// <summary>
/// The auction ended. <paramref name="DealId"/> names the deal a win struck; it is null when none
/// was (no winner, or another deal already held the listing: the win is then recorded as refused).
/// </summary>
public sealed record AuctionClosed(string Outcome, string? WinnerOrganisationId, decimal? Price, DateTimeOffset ClosedAt, string? DealId = null);

public sealed record DepositReleased(string OrganisationId, decimal Amount);

/// <summary>A registered bidder; <paramref name="Paddle"/> is its 竞买号, given in the order of registration, the same for every viewer.</summary>
public sealed record Bidder(string OrganisationId, string OrganisationName, string? Group, decimal Deposit, int Paddle);

public sealed record Auction(
    string? Id,
    AuctionStatus Status,
    AuctionScheduled? Schedule,
    DateTimeOffset EndsAt,
    IReadOnlyDictionary<string, Bidder> Bidders,
    IReadOnlyList<BidPlaced> Bids,
    AuctionClosed? Result) : IAggregateState<Auction>
{
    public const string Won = "Won";
    public const string NoBids = "NoBids";
    public const string BelowReserve = "BelowReserve";

    public static Auction Initial { get; } = new(null, AuctionStatus.None, null, default, new Dictionary<string, Bidder>(), [], null);

    public static Auction Evolve(Auction state, object @event) => @event switch
    {
        AuctionScheduled e => state with { Id = e.AuctionId, Status = AuctionStatus.Scheduled, Schedule = e, EndsAt = e.EndsAt },
        AuctionStarted => state.Status == AuctionStatus.Scheduled ? state with { Status = AuctionStatus.Running } : state,
        BidderRegistered e => state with
        {
            Bidders = new Dictionary<string, Bidder>(state.Bidders) { [e.OrganisationId] = new(e.OrganisationId, e.OrganisationName, e.Group, e.Deposit, state.Bidders.Count + 1) },
        },
        BidPlaced e => state with { Bids = [.. state.Bids, e], EndsAt = e.EndsAt },
        AuctionClosed e => state with { Status = AuctionStatus.Closed, Result = e },
        _ => state,
    };

    public bool Exists => Status != AuctionStatus.None;

    /// <summary>Not closed yet: scheduled or running.</summary>
    public bool IsOpen => Status is AuctionStatus.Scheduled or AuctionStatus.Running;

    /// <summary>Whether an enterprise may still register at <paramref name="now"/>: not ended, and not past the registration deadline.</summary>
    public bool RegistrationOpenAt(DateTimeOffset now) =>
        IsOpen && now < EndsAt && (Schedule?.RegistrationDeadline is not { } deadline || now <= deadline);

    /// <summary>The price to beat: the highest bid, or none yet.</summary>
    public decimal? CurrentPrice => Bids.Count == 0 ? null : Bids[^1].Amount;

    /// <summary>The lowest acceptable next bid.</summary>
    public decimal MinimumNextBid => CurrentPrice is { } current ? current + Schedule!.Rules.Increment : Schedule!.Rules.StartingPrice;

    public static string StreamId(string id) => $"auction-{id}";
}
