using IpExchange.Contracts;

namespace IpExchange.Matching.Ranking;

/// <summary>
/// A patent as the ranking reads it: everything registration gives, in both languages. A design
/// patent (外观设计) has a Locarno class and neither IPC codes nor claims.
/// </summary>
public sealed record PatentDocument(
    string Number,
    PatentType Type,
    string Title,
    string? TitleEn,
    string? Abstract,
    string? AbstractEn,
    IReadOnlyList<string> IpcCodes,
    string? LocarnoClass = null);

/// <summary>A public listing: its own title and summary, its patents, the owner's keywords and the terms of the deal.</summary>
public sealed record ListingDocument(
    string Id,
    string OwnerOrganisationId,
    string Title,
    string? TitleEn,
    string? Summary,
    IReadOnlyList<PatentDocument> Patents,
    IReadOnlyList<string> Keywords,
    DealKind DealKind,
    decimal AskingPrice,
    string? DirectedTo = null,
    IReadOnlyList<string>? AllianceMembers = null)
{
    /// <summary>Directed listings show only to their named buyer, alliance listings only to members.</summary>
    public bool VisibleTo(string organisationId) =>
        (DirectedTo is null || DirectedTo == organisationId)
        && (AllianceMembers is not { Count: > 0 } || AllianceMembers.Contains(organisationId));
}

/// <summary>An open demand: its whole text, IPC hints (codes or prefixes), budget and the deal kinds wanted.</summary>
public sealed record DemandDocument(
    string Id,
    string OwnerOrganisationId,
    string Title,
    string? Description,
    IReadOnlyList<string> IpcCodes,
    decimal? BudgetMin,
    decimal? BudgetMax,
    IReadOnlyList<DealKind> DealKinds);
