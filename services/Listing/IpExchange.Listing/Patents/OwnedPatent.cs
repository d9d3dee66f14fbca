using IpExchange.Contracts;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Listing.Patents;

/// <summary>
/// A patent in its owner's list (and the exchange's): a Marten document, kept in the transaction of
/// each patent event by <see cref="OwnedPatentProjection"/>, so a patent is listed as soon as it is
/// registered. Rebuildable from the patent streams through Marten.
/// </summary>
public sealed record OwnedPatent
{
    /// <summary>The patent's stream id: Marten keys a single-stream document by its stream.</summary>
    public string Id { get; init; } = "";

    /// <summary>The normalised application number, the patent's id in the API.</summary>
    public string Number { get; init; } = "";

    public string OwnerOrganisationId { get; init; } = "";

    public string Title { get; init; } = "";

    public string? TitleEn { get; init; }

    public PatentType Type { get; init; }

    public IReadOnlyList<string> IpcCodes { get; init; } = [];

    /// <summary>A design patent's Locarno class (it has no IPC codes).</summary>
    public string? LocarnoClass { get; init; }

    /// <summary>The abstracts, for the listings' search (the patents' words are searched with the listing's).</summary>
    public string Abstract { get; init; } = "";

    public string? AbstractEn { get; init; }

    public DateOnly ExpiresOn { get; init; }

    public LegalStatus LegalStatus { get; init; }

    public bool Pledged { get; init; }

    /// <summary>The submitted or public listings that offer the patent now.</summary>
    public IReadOnlyList<string> ActiveListingIds { get; init; } = [];

    public DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>Folds a patent's stream into its <see cref="OwnedPatent"/> document (inline: in the append's transaction).</summary>
public sealed class OwnedPatentProjection : SingleStreamProjection<OwnedPatent, string>
{
    public OwnedPatentProjection()
    {
        // Only patent streams: without these, every stream of the service would be sliced for a document.
        IncludeType<PatentRegistered>();
        IncludeType<PatentLegalStatusChanged>();
        IncludeType<PatentPledged>();
        IncludeType<PatentPledgeReleased>();
        IncludeType<PatentOffered>();
        IncludeType<PatentReleased>();
        IncludeType<PatentAssigned>();
    }

    public override OwnedPatent? Evolve(OwnedPatent? snapshot, string id, IEvent e) => (snapshot, e.Data) switch
    {
        (_, PatentRegistered r) => new OwnedPatent
        {
            Id = id,
            Number = r.PatentId,
            OwnerOrganisationId = r.OwnerOrganisationId,
            Title = r.Title,
            TitleEn = r.TitleEn,
            Type = r.Type,
            IpcCodes = r.IpcCodes,
            LocarnoClass = r.LocarnoClass,
            Abstract = r.Abstract,
            AbstractEn = r.AbstractEn,
            ExpiresOn = r.ExpiresOn,
            LegalStatus = r.LegalStatus,
            Pledged = r.Pledge is not null,
            RegisteredAt = e.Timestamp,
        },
        (null, _) => null,
        (_, PatentLegalStatusChanged c) => snapshot with { LegalStatus = c.Status },
        (_, PatentPledged) => snapshot with { Pledged = true },
        (_, PatentPledgeReleased) => snapshot with { Pledged = false },
        (_, PatentOffered o) => snapshot with { ActiveListingIds = [.. snapshot.ActiveListingIds.Where(l => l != o.ListingId), o.ListingId] },
        (_, PatentReleased r) => snapshot with { ActiveListingIds = [.. snapshot.ActiveListingIds.Where(l => l != r.ListingId)] },
        (_, PatentAssigned a) => snapshot with
        {
            OwnerOrganisationId = a.NewOwnerOrganisationId,
            Pledged = snapshot.Pledged && !a.PledgeDisposed,
            ActiveListingIds = [.. snapshot.ActiveListingIds.Where(l => l != a.ListingId)],
        },
        _ => snapshot,
    };
}
