using IpExchange.Contracts.Auctions;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Monitoring.Pipeline;

/// <summary>
/// An auction as the cockpit knows it: a Marten document folded from its stream of facts
/// (<c>auction-{AuctionId}</c>) in any order. Bids heard and the bids the ending reports may differ
/// while facts are under way: the larger counts.
/// </summary>
public sealed record AuctionView
{
    /// <summary>The stream's key, <c>auction-{AuctionId}</c>.</summary>
    public string Id { get; init; } = "";

    public string AuctionId { get; init; } = "";

    public string? ListingId { get; init; }

    public int BidsHeard { get; init; }

    public decimal? HighestBid { get; init; }

    public DateTimeOffset? LastBidAt { get; init; }

    public string? Outcome { get; init; }

    public string? WinnerOrganisationId { get; init; }

    public decimal? Price { get; init; }

    public int? EndedWithBids { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public int Bids => Math.Max(BidsHeard, EndedWithBids ?? 0);

    public static readonly IReadOnlyList<Type> Facts = [typeof(AuctionBidAccepted), typeof(AuctionEnded)];

    public static AuctionView Start(string streamId) => new() { Id = streamId, AuctionId = streamId.StartsWith("auction-", StringComparison.Ordinal) ? streamId[8..] : streamId };

    public static AuctionView Evolve(AuctionView view, object fact) => fact switch
    {
        AuctionBidAccepted e => view with
        {
            ListingId = e.ListingId,
            BidsHeard = view.BidsHeard + 1,
            HighestBid = view.HighestBid is { } h && h >= e.Amount ? h : e.Amount,
            LastBidAt = view.LastBidAt is { } l && l >= e.PlacedAt ? l : e.PlacedAt,
        },
        AuctionEnded e => view with
        {
            ListingId = e.ListingId, Outcome = e.Outcome, WinnerOrganisationId = e.WinnerOrganisationId, Price = e.Price,
            EndedWithBids = e.Bids, EndedAt = e.EndedAt,
        },
        _ => view,
    };
}

/// <summary>Keeps <see cref="AuctionView"/> documents in Marten's async daemon.</summary>
public sealed class AuctionViewProjection : SingleStreamProjection<AuctionView, string>
{
    public AuctionViewProjection()
    {
        foreach (var type in AuctionView.Facts)
        {
            IncludeType(type);
        }
    }

    public override AuctionView? Evolve(AuctionView? snapshot, string id, IEvent e) => AuctionView.Evolve(snapshot ?? AuctionView.Start(id), e.Data);
}
