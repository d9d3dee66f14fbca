namespace IpExchange.Contracts.Matching;

/// <summary>A demand and a public listing match strongly (score ≥ 0.6): both parties can be told.</summary>
public sealed record StrongMatchFound(
    string DemandId,
    string ListingId,
    string DemandOwnerOrganisationId,
    string ListingOwnerOrganisationId,
    double Score,
    IReadOnlyList<string> Reasons,
    DateTimeOffset FoundAt);
