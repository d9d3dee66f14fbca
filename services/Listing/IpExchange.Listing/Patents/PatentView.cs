using IpExchange.Contracts;

namespace IpExchange.Listing.Patents;

/// <summary>A patent as the API shows it.</summary>
public sealed record PatentView(
    string Id,
    string OwnerOrganisationId,
    string OwnerOrganisationName,
    string Title,
    string? TitleEn,
    string Abstract,
    string? AbstractEn,
    IReadOnlyList<string> IpcCodes,
    PatentType Type,
    DateOnly FilingDate,
    DateOnly? GrantDate,
    DateOnly ExpiresOn,
    LegalStatus LegalStatus,
    IReadOnlyList<string> Inventors,
    int ClaimsCount,
    Pledge? Pledge,
    IReadOnlyList<string> ActiveListingIds,
    IReadOnlyList<PatentLicence> Licences,
    long Version,
    string? LocarnoClass)
{
    public static PatentView From(Patent patent, long version)
    {
        var r = patent.Registration ?? throw new InvalidOperationException("The patent is not registered.");
        return new PatentView(
            r.PatentId, patent.OwnerOrganisationId!, r.OwnerOrganisationName, r.Title, r.TitleEn, r.Abstract, r.AbstractEn,
            r.IpcCodes, r.Type, r.FilingDate, r.GrantDate, r.ExpiresOn, patent.LegalStatus, r.Inventors, r.ClaimsCount,
            patent.Pledge, [.. patent.ActiveListings.Keys],
            [.. patent.Licences.Values.OrderBy(l => l.StartsOn ?? DateOnly.MaxValue).ThenBy(l => l.DealId, StringComparer.Ordinal)], version, r.LocarnoClass);
    }
}
