using System.Globalization;
using IpExchange.Contracts;
using IpExchange.Listing.Patents;

namespace IpExchange.Listing.Listings;

/// <summary>A rule a new listing or deal would break on one patent, with the rule's code.</summary>
public sealed record LicenceConflict(string Rule, string Message);

/// <summary>
/// What the licences on a patent, and the open-licence declarations that offer it, leave possible.
/// An exclusive (独占) or sole (排他) licence excludes every other licensee for its term, so while one
/// is in force no other licence of any kind and no other exclusive deal is made on the patent; and
/// while a patent is under an open-licence declaration (开放许可, Patent Law arts. 50–52), or an open
/// licence granted under one is in force, no exclusive or sole licence is. A non-exclusive licence in
/// force rules out an exclusive or sole one too, which would exclude its licensee. Withdrawing a
/// declaration stops new open licences, not the ones granted: they hold until their term ends.
/// Licences granted under the same listing never conflict with its own further deals.
/// </summary>
public static class LicenceRules
{
    public const string UnderOpenLicence = "listing.patent-under-open-licence";
    public const string LicensedExclusively = "listing.patent-licensed-exclusively";
    public const string LicensedNonExclusively = "listing.patent-licensed-non-exclusively";

    public static LicenceConflict? For(DealKind kind, Patent patent, string? listingId)
    {
        var others = patent.Licences.Values.Where(l => l.ListingId != listingId).OrderBy(l => l.DealId, StringComparer.Ordinal).ToList();
        var id = patent.Id;
        if (others.FirstOrDefault(l => l.DealKind.ExcludesOtherLicensees()) is { } exclusive)
        {
            return new LicenceConflict(LicensedExclusively,
                $"Patent {id} is under an {Describe(exclusive.DealKind)} licence{Until(exclusive)}: no other deal is made on it while that licence is in force.");
        }

        if (!kind.ExcludesOtherLicensees())
        {
            return null;
        }

        if (others.FirstOrDefault(l => l.DealKind == DealKind.OpenLicence) is { } open)
        {
            return new LicenceConflict(UnderOpenLicence,
                $"Patent {id} carries an open licence{Until(open)}: no exclusive or sole licence while it is in force.");
        }

        if (patent.ActiveListings.Any(l => l.Key != listingId && l.Value == DealKind.OpenLicence))
        {
            return new LicenceConflict(UnderOpenLicence, $"Patent {id} is under an open licence and cannot also be licensed exclusively.");
        }

        if (others.FirstOrDefault(l => l.DealKind == DealKind.NonExclusiveLicence) is { } plain)
        {
            return new LicenceConflict(LicensedNonExclusively,
                $"Patent {id} is licensed non-exclusively{Until(plain)}: an exclusive or sole licence would exclude that licensee.");
        }

        return null;
    }

    private static string Describe(DealKind kind) => kind == DealKind.ExclusiveLicence ? "exclusive" : "sole";

    private static string Until(PatentLicence licence) => licence.EndsOn is { } end
        ? string.Create(CultureInfo.InvariantCulture, $" until {end:yyyy-MM-dd}")
        : " whose agreement has not yet taken effect";
}
