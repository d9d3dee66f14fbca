using IpExchange.Contracts;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Listings;

/// <summary>
/// A listing as the API shows it to one caller: the reserve price only to its owner and the exchange;
/// once public, the facts of its patents as the exchange approved them (title, type, IPC or Locarno
/// class, filing date, expiry, claims, pledge, abstracts), so that a buyer can decide, and the exchange's
/// officer to ask about it (项目联系人, assigned at the review).
/// </summary>
public sealed record ListingView(
    string Id,
    ListingStatus Status,
    string OwnerOrganisationId,
    string OwnerOrganisationName,
    string? Region,
    string Title,
    string? TitleEn,
    string Summary,
    IReadOnlyList<string> PatentIds,
    DealKind DealKind,
    PricingMethod PricingMethod,
    TradingMode TradingMode,
    decimal AskingPrice,
    decimal? ReservePrice,
    decimal? OpenLicenceFee,
    string? OpenLicenceTerms,
    DateOnly ListedFrom,
    DateOnly ListedUntil,
    Appraisal? Appraisal,
    string? DirectedToOrganisationId,
    string? AllianceId,
    int LicenceCount,
    IReadOnlyList<string> RejectionReasons,
    LicenceTerms? Licence,
    long Version,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<ApprovedPatent>? Patents = null,
    Reviewing.ProjectContact? ProjectContact = null)
{
    public static ListingView From(Listing listing, long version, Caller caller)
    {
        var t = listing.Terms!;
        return new ListingView(
            listing.Id!, listing.Status, listing.OwnerOrganisationId!, listing.OwnerOrganisationName!, listing.Region,
            t.Title, t.TitleEn, t.Summary, t.PatentIds, t.DealKind, t.PricingMethod, t.TradingMode, t.AskingPrice,
            ListingAccess.SeesReservePrice(listing, caller) ? t.ReservePrice : null,
            t.OpenLicenceFee, t.OpenLicenceTerms, t.ListedFrom, t.ListedUntil, t.Appraisal, t.DirectedToOrganisationId, t.AllianceId,
            listing.LicenceCount, listing.RejectionReasons, t.LicenceOffered, version, t.Keywords ?? [], listing.Patents, listing.Contact);
    }
}
