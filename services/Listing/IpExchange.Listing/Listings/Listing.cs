using System.Collections.Immutable;
using IpExchange.Contracts;
using IpExchange.EventStore;

namespace IpExchange.Listing.Listings;

public enum ListingStatus
{
    None,
    Draft,       // 草稿
    Submitted,   // 待审核
    Rejected,    // 已驳回
    Public,      // 挂牌公示
    Reserved,    // 交易中 (held for one agreement)
    Sold,        // 已成交
    Withdrawn,   // 已撤回
    Expired,     // 已过期
}

/// <summary>评估定价: the asset appraisal report behind an appraisal-priced listing.</summary>
public sealed record Appraisal(string Appraiser, string ReportNumber, decimal Value, DateOnly Date);

/// <summary>
/// What is offered and how: everything the owner sets in a draft. A licence listing carries its
/// licence terms (<see cref="Licence"/>; null in listings drafted before they were asked for, which
/// mean <see cref="Contracts.LicenceTerms.Default"/>).
/// </summary>
public sealed record ListingTerms(
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
    IReadOnlyList<string> AllianceMemberIds,
    LicenceTerms? Licence = null,
    IReadOnlyList<string>? Keywords = null)
{
    /// <summary>The licence a licence listing offers: its own terms, or the default ones; null for other deal kinds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LicenceTerms? LicenceOffered => DealKind.IsLicence() ? Licence ?? LicenceTerms.Default : null;
}

/// <summary>
/// 挂牌草稿. <paramref name="PledgeLoanId"/>: drafted by a pledgee (the lending bank) to dispose of the
/// pledge of this Finance loan (质物处置); the pledgee is the listing's owner and seller, the patents
/// stay the borrower's until the sale assigns them to the buyer.
/// </summary>
public sealed record ListingDrafted(string ListingId, string OwnerOrganisationId, string OwnerOrganisationName, string? Region, ListingTerms Terms, string? PledgeLoanId = null);

public sealed record ListingEdited(ListingTerms Terms);

/// <summary>
/// Submitted for review. <paramref name="IpcCodes"/> are the patents' codes at submission, for the
/// exchange's cockpit (absent from events written before they were carried).
/// </summary>
public sealed record ListingSubmitted(string ListingId, IReadOnlyList<string>? IpcCodes = null);

/// <summary>
/// A patent of the listing as it stood when the exchange approved the listing; the English title,
/// the abstracts and a design's Locarno class are absent from events written before they were carried.
/// </summary>
public sealed record ApprovedPatent(
    string PatentId,
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
/// Approved: the listing is public. <paramref name="Patents"/> are what other services learn the
/// listing's patents from (absent from events written before they were carried).
/// </summary>
/// <summary>审核通过: <paramref name="Contact"/> is the exchange's officer a buyer asks about the listing (null in listings approved before it was recorded).</summary>
public sealed record ListingApproved(string ListingId, string ReviewerId, IReadOnlyList<ApprovedPatent>? Patents = null, Reviewing.ProjectContact? Contact = null);

public sealed record ListingRejected(string ListingId, string ReviewerId, IReadOnlyList<string> Reasons);

public sealed record ListingWithdrawnByOwner(string ListingId, string? Reason);

public sealed record ListingReservedForDeal(string ListingId, string DealId, string BuyerOrganisationId, decimal Price);

public sealed record ListingLicenceGranted(string ListingId, string DealId, string LicenseeOrganisationId, decimal Price);

public sealed record ListingSoldToBuyer(string ListingId, string DealId, string BuyerOrganisationId);

public sealed record ListingReservationReleased(string ListingId, string DealId, string Reason);

public sealed record ListingPeriodEnded(string ListingId);

/// <summary>The deal could not take the listing. The seller is the deal's, which need not be the listing's owner.</summary>
public sealed record DealRefusedForListing(string ListingId, string DealId, string BuyerOrganisationId, string Reason, string? SellerOrganisationId = null);

/// <summary>
/// The agreement of a deal this listing had not heard of yet was completed: the news crossed the
/// deal on the way. When the deal arrives and reserves the listing, the sale follows at once.
/// </summary>
public sealed record DealCompletedBeforeReservation(string ListingId, string DealId);

/// <summary>As <see cref="DealCompletedBeforeReservation"/>, for a cancelled agreement: the reservation is released as it is made.</summary>
public sealed record DealCancelledBeforeReservation(string ListingId, string DealId, string Reason);

/// <summary>How a deal's agreement ended, when that news reached the listing before the deal did.</summary>
public sealed record EarlyAgreementEnd(bool Completed, string? Reason);

public sealed record Listing(
    string? Id,
    ListingStatus Status,
    string? OwnerOrganisationId,
    string? OwnerOrganisationName,
    string? Region,
    ListingTerms? Terms,
    string? ReservedForDeal,
    string? ReservedForBuyer,
    int LicenceCount,
    IReadOnlyList<string> RejectionReasons,
    bool WasPublic,
    ImmutableHashSet<string> Deals,
    ImmutableDictionary<string, EarlyAgreementEnd> AgreementsEndedEarly,
    IReadOnlyList<ApprovedPatent>? Patents = null,
    bool WasSubmitted = false,
    Reviewing.ProjectContact? Contact = null,
    string? PledgeLoanId = null) : IAggregateState<Listing>
{
    public static Listing Initial { get; } = new(null, ListingStatus.None, null, null, null, null, null, null, 0, [], false, [],
        ImmutableDictionary<string, EarlyAgreementEnd>.Empty);

    public static Listing Evolve(Listing state, object @event) => @event switch
    {
        ListingDrafted e => state with
        {
            Id = e.ListingId,
            Status = ListingStatus.Draft,
            OwnerOrganisationId = e.OwnerOrganisationId,
            OwnerOrganisationName = e.OwnerOrganisationName,
            Region = e.Region,
            Terms = e.Terms,
            PledgeLoanId = e.PledgeLoanId,
        },
        ListingEdited e => state with { Terms = e.Terms, Status = ListingStatus.Draft, RejectionReasons = [] },
        ListingSubmitted => state with { Status = ListingStatus.Submitted, WasSubmitted = true },
        ListingApproved e => state with { Status = ListingStatus.Public, WasPublic = true, Patents = e.Patents ?? state.Patents, Contact = e.Contact ?? state.Contact },
        ListingRejected e => state with { Status = ListingStatus.Rejected, RejectionReasons = e.Reasons },
        ListingWithdrawnByOwner => state with { Status = ListingStatus.Withdrawn },
        ListingReservedForDeal e => state with
        {
            Status = ListingStatus.Reserved, ReservedForDeal = e.DealId, ReservedForBuyer = e.BuyerOrganisationId, Deals = state.Deals.Add(e.DealId),
        },
        ListingLicenceGranted e => state with { LicenceCount = state.LicenceCount + 1, Deals = state.Deals.Add(e.DealId) },
        DealRefusedForListing e => state with { Deals = state.Deals.Add(e.DealId) },
        ListingSoldToBuyer => state with { Status = ListingStatus.Sold },
        ListingReservationReleased => state with { Status = ListingStatus.Public, ReservedForDeal = null, ReservedForBuyer = null },
        ListingPeriodEnded => state with { Status = ListingStatus.Expired },
        DealCompletedBeforeReservation e => state with { AgreementsEndedEarly = state.AgreementsEndedEarly.SetItem(e.DealId, new EarlyAgreementEnd(true, null)) },
        DealCancelledBeforeReservation e => state with { AgreementsEndedEarly = state.AgreementsEndedEarly.SetItem(e.DealId, new EarlyAgreementEnd(false, e.Reason)) },
        _ => state,
    };

    public bool Exists => Status != ListingStatus.None;

    /// <summary>A disposal listing offers a patent pledged under its loan, in default, to the listing's owner, the pledgee, on the pledgee's behalf.</summary>
    public bool DisposesPledgeOf(Patents.Patent patent) =>
        PledgeLoanId is not null && patent.Pledge is { InDefault: true } pledge && pledge.ContractNumber == PledgeLoanId && pledge.PledgeeOrganisationId == OwnerOrganisationId;

    /// <summary>Counts for the patents' exclusivity rules: from submission until it ends.</summary>
    public bool HoldsPatents => Status is ListingStatus.Submitted or ListingStatus.Public or ListingStatus.Reserved;

    public static string StreamId(string listingId) => $"listing-{listingId}";
}
