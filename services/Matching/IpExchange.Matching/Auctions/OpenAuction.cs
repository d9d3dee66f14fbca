using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Matching.Auctions;

/// <summary>
/// An auction that has not ended, by listing: a Marten document from the schedule to the close,
/// whose unique key on the listing (<see cref="OnePerListing"/>) makes two schedules racing for
/// one listing fail cleanly.
/// </summary>
public sealed record OpenAuction
{
    /// <summary>The unique index on the listing.</summary>
    public const string OnePerListing = "open_auctions_listing";

    /// <summary>The stream (the document's identity).</summary>
    public string Id { get; init; } = "";

    public string AuctionId { get; init; } = "";
    public string ListingId { get; init; } = "";
}

/// <summary>
/// Keeps <see cref="OpenAuction"/>: made by the schedule, deleted by the close. Inline, so the key
/// holds when the auction is scheduled. Bids are not among its event types: the hot path of an
/// auction neither reads nor writes the document.
/// </summary>
public sealed class OpenAuctionProjection : SingleStreamProjection<OpenAuction, string>
{
    public OpenAuctionProjection()
    {
        IncludeType<AuctionScheduled>();
        IncludeType<AuctionClosed>();
    }

    public override OpenAuction? Evolve(OpenAuction? snapshot, string id, IEvent e) => e.Data switch
    {
        AuctionScheduled s => new OpenAuction { Id = id, AuctionId = s.AuctionId, ListingId = s.ListingId },
        AuctionClosed => null,
        _ => snapshot,
    };
}
