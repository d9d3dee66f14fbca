using IpExchange.Contracts;
using IpExchange.Matching.Ranking;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Matching.Demands;

/// <summary>A demand as the lists and the ranking read it: a Marten document per demand stream.</summary>
public sealed record DemandSummary
{
    /// <summary>The stream (the document's identity).</summary>
    public string Id { get; init; } = "";

    public string DemandId { get; init; } = "";
    public string OwnerOrganisationId { get; init; } = "";
    public string OwnerOrganisationName { get; init; } = "";
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<string> IpcCodes { get; init; } = [];
    public decimal? BudgetMin { get; init; }
    public decimal? BudgetMax { get; init; }
    public IReadOnlyList<DealKind> DealKinds { get; init; } = [];
    public string? Region { get; init; }
    public DateOnly Deadline { get; init; }
    public DemandStatus Status { get; init; }
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The demand as the ranking reads it.</summary>
    public DemandDocument Document() => new(DemandId, OwnerOrganisationId, Title, Description, IpcCodes, BudgetMin, BudgetMax, DealKinds);

    public DemandSummary With(DemandTerms terms) => this with
    {
        Title = terms.Title, Description = terms.Description, IpcCodes = terms.IpcCodes, BudgetMin = terms.BudgetMin, BudgetMax = terms.BudgetMax,
        DealKinds = terms.DealKinds, Region = terms.Region, Deadline = terms.Deadline,
    };
}

/// <summary>
/// Keeps a <see cref="DemandSummary"/> per demand stream. Inline: a posted demand is listed and
/// ranked against listings published a moment later.
/// </summary>
public sealed class DemandProjection : SingleStreamProjection<DemandSummary, string>
{
    public DemandProjection()
    {
        IncludeType<DemandPosted>();
        IncludeType<DemandEdited>();
        IncludeType<DemandClosed>();
    }

    public override DemandSummary? Evolve(DemandSummary? snapshot, string id, IEvent e)
    {
        var next = (e.Data, snapshot) switch
        {
            (DemandPosted p, _) => new DemandSummary
            {
                Id = id, DemandId = p.DemandId, OwnerOrganisationId = p.OwnerOrganisationId, OwnerOrganisationName = p.OwnerOrganisationName,
                Status = DemandStatus.Open, CreatedAt = p.At ?? e.Timestamp,
            }.With(p.Terms),
            (DemandEdited edited, { } s) => s.With(edited.Terms),
            (DemandClosed, { } s) => s with { Status = DemandStatus.Closed },
            _ => snapshot,
        };
        // The event's own time, so that a rebuild gives the same document (the stored timestamp is the database's).
        var at = e.Data switch { DemandPosted p => p.At, DemandEdited d => d.At, DemandClosed c => c.At, _ => null } ?? e.Timestamp;
        return next is null ? null : next with { Version = e.Version, UpdatedAt = at };
    }
}
