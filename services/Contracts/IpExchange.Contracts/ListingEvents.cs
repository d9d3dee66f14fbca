namespace IpExchange.Contracts.Listings;

/// <summary>
/// One patent of a listing, as other services need to know it. A design patent (外观设计) has a
/// Locarno class, no IPC codes and no claims. The English title, the abstracts and the Locarno
/// class were added for the matching (null in messages from before).
/// </summary>
public sealed record ListedPatent(
    string PatentId,
    string ApplicationNumber,
    string Title,
    PatentType Type,
    IReadOnlyList<string> IpcCodes,
    DateOnly FilingDate,
    DateOnly ExpiresOn,
    int ClaimsCount,
    bool Pledged,
    string? TitleEn = null,
    string? Abstract = null,
    string? AbstractEn = null,
    string? LocarnoClass = null);

/// <summary>
/// A listing was approved and is public (挂牌公示). Carries the reserve price for the Matching
/// service's auctions: it travels between services only and is never shown to buyers. A licence
/// listing carries its licence terms, and a listing with an appraisal report (always one for a
/// contribution in kind) the report (both null from publishers before they were carried).
/// <paramref name="Keywords"/>: the owner's keywords for search and matching (null in messages from before).
/// <paramref name="PledgeLoanId"/>: a pledgee's listing disposing of the pledge of this Finance loan (质物处置;
/// the owner is the pledgee, selling on its own behalf); null for every other listing.
/// </summary>
public sealed record ListingPublished(
    string ListingId,
    string OwnerOrganisationId,
    string OwnerOrganisationName,
    string? Region,
    string Title,
    string? TitleEn,
    string Summary,
    DealKind DealKind,
    PricingMethod PricingMethod,
    TradingMode TradingMode,
    decimal AskingPrice,
    decimal? ReservePrice,
    decimal? OpenLicenceFee,
    string? DirectedToOrganisationId,
    string? AllianceId,
    IReadOnlyList<string> AllianceMemberIds,
    DateTimeOffset ListedFrom,
    DateTimeOffset ListedUntil,
    decimal? AppraisedValue,
    IReadOnlyList<ListedPatent> Patents,
    DateTimeOffset PublishedAt,
    LicenceTerms? Licence = null,
    AppraisalReport? Appraisal = null,
    IReadOnlyList<string>? Keywords = null,
    string? PledgeLoanId = null);

public sealed record ListingWithdrawn(string ListingId, string OwnerOrganisationId, string? Reason, DateTimeOffset WithdrawnAt);

public sealed record ListingExpired(string ListingId, string OwnerOrganisationId, DateTimeOffset ExpiredAt);

/// <summary>An exclusive listing is held for one deal while its agreement runs.</summary>
public sealed record ListingReserved(string ListingId, string DealId, string BuyerOrganisationId, DateTimeOffset ReservedAt);

/// <summary>A non-exclusive or open licence was granted; the listing stays public for others.</summary>
public sealed record ListingLicensed(string ListingId, string DealId, string LicenseeOrganisationId, int LicenceCount, DateTimeOffset LicensedAt);

public sealed record ListingSold(string ListingId, string DealId, string BuyerOrganisationId, DateTimeOffset SoldAt);

/// <summary>The deal holding the listing failed; the listing is public again.</summary>
public sealed record ListingReopened(string ListingId, string DealId, string Reason, DateTimeOffset ReopenedAt);

/// <summary>A struck deal could not take the listing (already reserved, sold, withdrawn...). The parties are told why.</summary>
public sealed record DealRefused(string DealId, string ListingId, string SellerOrganisationId, string BuyerOrganisationId, string Reason, DateTimeOffset RefusedAt);

/// <summary>提交审核: the owner submitted a listing for the exchange's review; it is not public yet.</summary>
public sealed record ListingSubmitted(
    string ListingId,
    string OwnerOrganisationId,
    string OwnerOrganisationName,
    string? Region,
    string Title,
    DealKind DealKind,
    decimal AskingPrice,
    IReadOnlyList<string> IpcCodes,
    DateTimeOffset SubmittedAt);

/// <summary>驳回: exchange staff rejected a submitted listing, with the reasons the owner must address.</summary>
public sealed record ListingRejected(string ListingId, string OwnerOrganisationId, IReadOnlyList<string> Reasons, DateTimeOffset RejectedAt);

/// <summary>
/// A patent as the Listing service holds it after one of its events (registered, pledged, released,
/// assigned, legal status changed...): who owns it, whether it is in force and pledged, and to whom.
/// <paramref name="Version"/> is the patent stream's version: messages come in any order, and a
/// reader keeps the highest. <paramref name="PledgeContractNumber"/> is the pledge contract (for a
/// pledge recorded from the Finance service, the loan's id). <paramref name="IpcCodes"/>: the patent's
/// IPC codes, the main one first (null in messages from before they were carried).
/// </summary>
public sealed record PatentChanged(
    string PatentId,
    string Title,
    PatentType Type,
    string OwnerOrganisationId,
    bool InForce,
    DateOnly ExpiresOn,
    string? Pledgee,
    string? PledgeContractNumber,
    long Version,
    DateTimeOffset ChangedAt,
    IReadOnlyList<string>? IpcCodes = null);

/// <summary>How a listing that was submitted but never public left the review without being approved.</summary>
public enum ReviewExit
{
    /// <summary>The owner withdrew it (撤回).</summary>
    Withdrawn,

    /// <summary>Its listing period ended before it was approved.</summary>
    Expired,

    /// <summary>The owner edited it after a rejection: a draft again, until it is submitted anew.</summary>
    ReturnedToDraft,
}

/// <summary>
/// A listing that was submitted for review, and never public, left the review: withdrawn, expired or
/// back to a draft. Those who counted it as in review (the exchange's cockpit) stop counting it there;
/// a listing others saw announces its withdrawal and expiry with <see cref="ListingWithdrawn"/> and <see cref="ListingExpired"/>.
/// </summary>
public sealed record ListingLeftReview(string ListingId, string OwnerOrganisationId, ReviewExit How, DateTimeOffset LeftAt);
