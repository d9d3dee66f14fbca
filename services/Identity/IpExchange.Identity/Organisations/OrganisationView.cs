using IpExchange.Contracts.Members;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Identity.Organisations;

/// <summary>
/// An organisation as the review queue, the member pages and sign-in read it: a Marten document kept
/// by <see cref="OrganisationViewProjection"/> in the transaction of each organisation event (inline),
/// so that a verification lets the administrator sign in at once and a suspension stops the next
/// token. Rebuildable from the organisation streams through Marten.
/// </summary>
public sealed record OrganisationView
{
    /// <summary>The stream id (<c>organisation-{id}</c>): Marten keys a single-stream document by its stream.</summary>
    public string Id { get; init; } = "";

    public string OrganisationId { get; init; } = "";

    public string LegalName { get; init; } = "";

    public string CreditCode { get; init; } = "";

    public OrganisationKind Kind { get; init; }

    public string Region { get; init; } = "";

    public string? Group { get; init; }

    public OrganisationStatus Status { get; init; }

    public Contact Contact { get; init; } = new("", "", "");

    public Licence Licence { get; init; } = new("", default);

    public string AdministratorUserId { get; init; } = "";

    /// <summary>Why it was rejected or suspended; null otherwise.</summary>
    public string? Reason { get; init; }

    public DateTimeOffset AppliedAt { get; init; }

    /// <summary>When the exchange last decided on it (verified, rejected, suspended, reinstated).</summary>
    public DateTimeOffset? DecidedAt { get; init; }

    public string? DecidedBy { get; init; }

    /// <summary>The stream's version after the last event: the ETag of the organisation.</summary>
    public long Version { get; init; }

    public bool MayAct => Status == OrganisationStatus.Verified;
}

public sealed class OrganisationViewProjection : SingleStreamProjection<OrganisationView, string>
{
    public OrganisationViewProjection()
    {
        // Only organisation streams: the credit-code holds are streams of their own.
        IncludeType<MembershipApplied>();
        IncludeType<ApplicationVerified>();
        IncludeType<ApplicationRejected>();
        IncludeType<MembershipSuspended>();
        IncludeType<MembershipReinstated>();
        IncludeType<RegisteredDetailsAmended>();
        IncludeType<ContactChanged>();
    }

    public override OrganisationView? Evolve(OrganisationView? snapshot, string id, IEvent e)
    {
        var view = (snapshot, e.Data) switch
        {
            (_, MembershipApplied a) => new OrganisationView
            {
                Id = id,
                OrganisationId = a.OrganisationId,
                LegalName = a.Details.LegalName,
                CreditCode = a.Details.CreditCode,
                Kind = a.Details.Kind,
                Region = a.Details.Region,
                Group = a.Details.Group,
                Status = OrganisationStatus.Applied,
                Contact = a.Contact,
                Licence = a.Licence,
                AdministratorUserId = a.AdministratorUserId,
                AppliedAt = e.Timestamp,
            },
            (null, _) => null,
            (_, ApplicationVerified v) => Decided(snapshot, OrganisationStatus.Verified, null, v.ReviewerId, e),
            (_, ApplicationRejected r) => Decided(snapshot, OrganisationStatus.Rejected, r.Reason, r.ReviewerId, e),
            (_, MembershipSuspended s) => Decided(snapshot, OrganisationStatus.Suspended, s.Reason, s.ReviewerId, e),
            (_, MembershipReinstated r) => Decided(snapshot, OrganisationStatus.Verified, null, r.ReviewerId, e),
            (_, RegisteredDetailsAmended a) => snapshot with { LegalName = a.LegalName, Region = a.Region, Group = a.Group },
            (_, ContactChanged c) => snapshot with { Contact = c.Contact },
            _ => snapshot,
        };
        return view is null ? null : view with { Version = e.Version };
    }

    private static OrganisationView Decided(OrganisationView view, OrganisationStatus status, string? reason, string by, IEvent e) =>
        view with { Status = status, Reason = reason, DecidedAt = e.Timestamp, DecidedBy = by };
}
