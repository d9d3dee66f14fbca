using IpExchange.Contracts;
using IpExchange.EventStore;
using IpExchange.Matching.Ranking;

namespace IpExchange.Matching.Demands;

public enum DemandStatus
{
    None,
    Open,     // 征集中
    Closed,   // 已关闭
}

/// <summary>What an enterprise looks for (技术需求, "订单式研发").</summary>
public sealed record DemandTerms(
    string Title,
    string Description,
    IReadOnlyList<string> IpcCodes,
    decimal? BudgetMin,
    decimal? BudgetMax,
    IReadOnlyList<DealKind> DealKinds,
    string? Region,
    DateOnly Deadline);

// At: when it happened by the server's clock (null in events stored before it was recorded).
public sealed record DemandPosted(string DemandId, string OwnerOrganisationId, string OwnerOrganisationName, DemandTerms Terms, DateTimeOffset? At = null);

public sealed record DemandEdited(DemandTerms Terms, DateTimeOffset? At = null);

public sealed record DemandClosed(string? Reason, DateTimeOffset? At = null);

public sealed record Demand(string? Id, DemandStatus Status, string? OwnerOrganisationId, string? OwnerOrganisationName, DemandTerms? Terms)
    : IAggregateState<Demand>
{
    public static Demand Initial { get; } = new(null, DemandStatus.None, null, null, null);

    public static Demand Evolve(Demand state, object @event) => @event switch
    {
        DemandPosted e => new Demand(e.DemandId, DemandStatus.Open, e.OwnerOrganisationId, e.OwnerOrganisationName, e.Terms),
        DemandEdited e => state with { Terms = e.Terms },
        DemandClosed => state with { Status = DemandStatus.Closed },
        _ => state,
    };

    public bool Exists => Status != DemandStatus.None;

    public static string StreamId(string id) => $"demand-{id}";

    /// <summary>A demand as the ranking reads it: its whole text, IPC hints, budget and deal kinds.</summary>
    public static DemandDocument Document(string id, string ownerOrganisationId, DemandTerms terms) =>
        new(id, ownerOrganisationId, terms.Title, terms.Description, terms.IpcCodes, terms.BudgetMin, terms.BudgetMax, terms.DealKinds);
}
