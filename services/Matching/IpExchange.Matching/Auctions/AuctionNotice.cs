using IpExchange.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Marten.Linq;

namespace IpExchange.Matching.Auctions;

/// <summary>
/// 拍卖公告: an auction as the list of auctions shows it to every member (upcoming with registration
/// open, running, ended) — the rules a bidder needs before entering, how many have registered, and
/// the result. Never the reserve price or who registered.
/// </summary>
public sealed record AuctionNotice
{
    /// <summary>The stream (the document's identity).</summary>
    public string Id { get; init; } = "";

    public string AuctionId { get; init; } = "";
    public string ListingId { get; init; } = "";
    public string ListingTitle { get; init; } = "";
    public string DealKind { get; init; } = "";
    public string Status { get; init; } = nameof(AuctionStatus.Scheduled);
    public DateTimeOffset StartsAt { get; init; }

    /// <summary>公告日期: the announcement period runs from here to the start (null for auctions scheduled before it was recorded).</summary>
    public DateTimeOffset? AnnouncedAt { get; init; }

    /// <summary>报名截止: registration closes here; null when it stays open until the end.</summary>
    public DateTimeOffset? RegistrationDeadline { get; init; }

    /// <summary>The scheduled end; a late bid may extend it (the room shows the extended end).</summary>
    public DateTimeOffset EndsAt { get; init; }

    public decimal StartingPrice { get; init; }
    public decimal Increment { get; init; }
    public decimal Deposit { get; init; }
    public int SoftCloseWindowSeconds { get; init; }
    public int SoftCloseExtensionSeconds { get; init; }
    public int Bidders { get; init; }
    public string? Outcome { get; init; }
    public decimal? Price { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
}

/// <summary>
/// Keeps <see cref="AuctionNotice"/> inline (the list shows a scheduled auction at once). Bids are not
/// among its event types: the hot path of an auction neither reads nor writes the document.
/// </summary>
public sealed class AuctionNoticeProjection : SingleStreamProjection<AuctionNotice, string>
{
    public AuctionNoticeProjection()
    {
        IncludeType<AuctionScheduled>();
        IncludeType<AuctionStarted>();
        IncludeType<BidderRegistered>();
        IncludeType<AuctionClosed>();
    }

    public override AuctionNotice? Evolve(AuctionNotice? snapshot, string id, IEvent e) => e.Data switch
    {
        AuctionScheduled s => new AuctionNotice
        {
            Id = id, AuctionId = s.AuctionId, ListingId = s.ListingId, ListingTitle = s.ListingTitle, DealKind = s.DealKind.ToString(),
            StartsAt = s.StartsAt, EndsAt = s.EndsAt, AnnouncedAt = s.AnnouncedAt, RegistrationDeadline = s.RegistrationDeadline, StartingPrice = s.Rules.StartingPrice, Increment = s.Rules.Increment, Deposit = s.Rules.Deposit,
            SoftCloseWindowSeconds = (int)s.Rules.SoftCloseWindow.TotalSeconds, SoftCloseExtensionSeconds = (int)s.Rules.SoftCloseExtension.TotalSeconds,
        },
        AuctionStarted when snapshot is { Status: nameof(AuctionStatus.Scheduled) } => snapshot with { Status = nameof(AuctionStatus.Running) },
        BidderRegistered when snapshot is not null => snapshot with { Bidders = snapshot.Bidders + 1 },
        AuctionClosed c when snapshot is not null => snapshot with { Status = nameof(AuctionStatus.Closed), Outcome = c.Outcome, Price = c.Price, ClosedAt = c.ClosedAt },
        _ => snapshot,
    };
}

public sealed record AuctionNoticePage(IReadOnlyList<AuctionNotice> Items, int PageNumber, int PageSize, long Total);

/// <summary>The list of auctions (拍卖公告) for any member: by status, or a listing's auctions.</summary>
public static class AuctionNotices
{
    public static void Map(RouteGroupBuilder auctions) =>
        auctions.MapGet("/", async (HttpContext http, EventStore.EventStore store, TimeProvider time, AuctionStatus? status, string? listingId, int? page, int? pageSize,
            CancellationToken cancellationToken) =>
        {
            var size = Math.Clamp(pageSize ?? 20, 1, 100);
            var number = Math.Max(1, page ?? 1);
            await using var session = store.Marten.QuerySession();
            IQueryable<AuctionNotice> query = session.Query<AuctionNotice>().Stats(out QueryStatistics stats);
            if (status is { } wanted && wanted != AuctionStatus.None)
            {
                var name = wanted.ToString();
                query = query.Where(a => a.Status == name);
            }

            // An announcement dated later is not public yet: only the exchange, which scheduled it, sees it.
            if (!http.Caller().IsExchange)
            {
                var now = time.GetUtcNow();
                query = query.Where(a => a.AnnouncedAt == null || a.AnnouncedAt <= now);
            }

            if (!string.IsNullOrWhiteSpace(listingId))
            {
                query = query.Where(a => a.ListingId == listingId);
            }

            // Upcoming and running ones by the time they start or end, soonest first; ended ones newest first.
            query = status == AuctionStatus.Closed ? query.OrderByDescending(a => a.ClosedAt)
                : status is null ? query.OrderByDescending(a => a.StartsAt)
                : query.OrderBy(a => a.StartsAt);
            var items = await query.Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
            return Results.Ok(new AuctionNoticePage(items, number, size, stats.TotalResults));
        })
        .Produces<AuctionNoticePage>()
        .WithSummary("拍卖公告: auctions by status (Scheduled: registration open; Running; Closed with the result), or a listing's auctions");
}
