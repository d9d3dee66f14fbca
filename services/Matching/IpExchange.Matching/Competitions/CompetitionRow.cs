using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Matching.Competitions;

/// <summary>
/// A competitive negotiation as a listing's list reads it: a Marten document per round, whose
/// partial unique key (<see cref="OneRunningPerListing"/>) keeps one round open or awaiting the
/// seller's choice per listing.
/// </summary>
public sealed record CompetitionRow
{
    /// <summary>The unique index on the listing over rounds that have not ended.</summary>
    public const string OneRunningPerListing = "competitions_running";

    /// <summary>The stream (the document's identity).</summary>
    public string Id { get; init; } = "";

    public string CompetitionId { get; init; } = "";
    public string ListingId { get; init; } = "";
    public string SellerOrganisationId { get; init; } = "";
    public CompetitionStatus Status { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Keeps a <see cref="CompetitionRow"/> per round, its times the events' own (a rebuild gives the same documents). Inline: its key must hold when a round opens.</summary>
public sealed class CompetitionProjection : SingleStreamProjection<CompetitionRow, string>
{
    public CompetitionProjection()
    {
        IncludeType<CompetitionOpened>();
        IncludeType<SubmissionsClosed>();
        IncludeType<CompetitionAwarded>();
        IncludeType<CompetitionEnded>();
    }

    public override CompetitionRow? Evolve(CompetitionRow? snapshot, string id, IEvent e) => (e.Data, snapshot) switch
    {
        (CompetitionOpened o, _) => new CompetitionRow
        {
            Id = id, CompetitionId = o.CompetitionId, ListingId = o.ListingId, SellerOrganisationId = o.SellerOrganisationId, Status = CompetitionStatus.Open,
            Deadline = o.Deadline, UpdatedAt = o.At,
        },
        (SubmissionsClosed c, { } s) => s with { Status = CompetitionStatus.Closed, UpdatedAt = c.At },
        (CompetitionAwarded a, { } s) => s with { Status = CompetitionStatus.Awarded, UpdatedAt = a.At },
        (CompetitionEnded x, { } s) => s with { Status = CompetitionStatus.Ended, UpdatedAt = x.At },
        _ => snapshot,
    };
}
