using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Matching.Negotiations;

/// <summary>
/// A negotiation as the parties' lists read it: a Marten document per negotiation stream, whose
/// partial unique key (<see cref="OneOpenPerBuyer"/>) keeps one open negotiation per buyer and listing.
/// </summary>
public sealed record NegotiationRow
{
    /// <summary>The unique index on (listing, buyer) over open negotiations.</summary>
    public const string OneOpenPerBuyer = "negotiations_open";

    /// <summary>The stream (the document's identity).</summary>
    public string Id { get; init; } = "";

    public string NegotiationId { get; init; } = "";
    public string ListingId { get; init; } = "";
    public string ListingTitle { get; init; } = "";
    public string SellerOrganisationId { get; init; } = "";
    public string BuyerOrganisationId { get; init; } = "";
    public NegotiationStatus Status { get; init; }
    public decimal Price { get; init; }
    public Side OfferedBy { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public int Offers { get; init; }
    public long Version { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public NegotiationSummary Summary() => new(NegotiationId, ListingId, ListingTitle, SellerOrganisationId, BuyerOrganisationId, Status.ToString(), Price,
        OfferedBy.ToString(), ExpiresAt, Offers, Version, UpdatedAt);
}

/// <summary>Keeps a <see cref="NegotiationRow"/> per negotiation stream. Inline: its key must hold when the negotiation opens.</summary>
public sealed class NegotiationProjection : SingleStreamProjection<NegotiationRow, string>
{
    public NegotiationProjection()
    {
        IncludeType<NegotiationOpened>();
        IncludeType<OfferCountered>();
        IncludeType<OfferAccepted>();
        IncludeType<OfferRejected>();
        IncludeType<OfferLapsed>();
    }

    public override NegotiationRow? Evolve(NegotiationRow? snapshot, string id, IEvent e)
    {
        var next = (e.Data, snapshot) switch
        {
            (NegotiationOpened o, _) => new NegotiationRow
            {
                Id = id, NegotiationId = o.NegotiationId, ListingId = o.ListingId, ListingTitle = o.ListingTitle, SellerOrganisationId = o.SellerOrganisationId,
                BuyerOrganisationId = o.BuyerOrganisationId, Status = NegotiationStatus.Open, Price = o.Price, OfferedBy = Side.Buyer, ExpiresAt = o.ExpiresAt,
                Offers = 1,
            },
            (OfferCountered c, { } s) => s with { Price = c.Price, OfferedBy = c.By, ExpiresAt = c.ExpiresAt, Offers = s.Offers + 1 },
            (OfferAccepted, { } s) => s with { Status = NegotiationStatus.Accepted },
            (OfferRejected, { } s) => s with { Status = NegotiationStatus.Rejected },
            (OfferLapsed, { } s) => s with { Status = NegotiationStatus.Lapsed },
            _ => snapshot,
        };
        // The event's own time, so that a rebuild gives the same document (the stored timestamp is the database's).
        var at = e.Data switch
        {
            NegotiationOpened o => o.At,
            OfferCountered c => c.At,
            OfferAccepted a => a.At,
            OfferRejected r => r.At,
            OfferLapsed l => l.ExpiredAt,
            _ => e.Timestamp,
        };
        return next is null ? null : next with { Version = e.Version, UpdatedAt = at };
    }
}
