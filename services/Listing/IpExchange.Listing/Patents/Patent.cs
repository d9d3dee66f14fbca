using System.Collections.Immutable;
using IpExchange.Contracts;
using IpExchange.EventStore;

namespace IpExchange.Listing.Patents;

/// <summary>法律状态: the patent's legal status as the patent office records it.</summary>
public enum LegalStatus
{
    Pending,      // 审中
    Valid,        // 有效
    Lapsed,       // 失效 (fees unpaid, abandoned)
    Invalidated,  // 无效宣告
}

/// <summary>
/// A pledge on the patent. <paramref name="PledgeeOrganisationId"/> is known for a pledge the Finance
/// service registered (the lending bank, a member): that pledgee may list the patent to dispose of
/// its pledge (null for pledges the owner recorded itself, whose pledgee is only a name).
/// </summary>
/// <paramref name="InDefault"/>: the loan it secures was declared in default, so its pledgee may dispose of it.
public sealed record Pledge(string Pledgee, string? ContractNumber, DateOnly PledgedOn, string? ConsentDocument, string? PledgeeOrganisationId = null, bool InDefault = false);

public sealed record PatentRegistered(
    string PatentId,
    string OwnerOrganisationId,
    string OwnerOrganisationName,
    string? Region,
    string Title,
    string? TitleEn,
    string Abstract,
    string? AbstractEn,
    IReadOnlyList<string> IpcCodes,
    PatentType Type,
    DateOnly FilingDate,
    DateOnly? GrantDate,
    LegalStatus LegalStatus,
    IReadOnlyList<string> Inventors,
    int ClaimsCount,
    Pledge? Pledge,
    DateOnly ExpiresOn,
    string? LocarnoClass = null);

public sealed record PatentLegalStatusChanged(LegalStatus Status, string? Note);

public sealed record PatentPledged(Pledge Pledge);

public sealed record PledgeeConsentRecorded(string ConsentDocument);

public sealed record PatentPledgeReleased;

/// <summary>The patent entered a submitted listing; the exclusivity rules count it from here.</summary>
public sealed record PatentOffered(string ListingId, DealKind DealKind);

/// <summary>The listing ended without an exclusive transfer (withdrawn, rejected, expired, sold as licence).</summary>
public sealed record PatentReleased(string ListingId);

/// <summary>Sold by assignment (or contributed as equity): the buyer owns it now.</summary>
/// <summary>
/// The patent passed to the buyer of a completed deal. <paramref name="PledgeDisposed"/>: the listing
/// disposed of the patent's pledge (质物处置, listed by the pledgee), so the pledge ends with the sale.
/// </summary>
public sealed record PatentAssigned(string ListingId, string DealId, string NewOwnerOrganisationId, bool PledgeDisposed = false);

/// <summary>
/// The Finance service released a loan's pledge before its registration reached this patent (the news
/// crossed on the way): the registration, when it comes, pledges nothing.
/// </summary>
public sealed record LoanPledgeReleasedEarly(string LoanId);

/// <summary>The Finance service declared the loan this patent's pledge secures in default: the pledgee may now list it for disposal.</summary>
public sealed record PledgedLoanDefaulted(string LoanId);

/// <summary>
/// A licence on the patent: granted when a non-exclusive or open licence's deal was answered (its
/// term not known yet), or in force from <paramref name="StartsOn"/> to <paramref name="EndsOn"/>
/// once its agreement took effect. Keyed by the deal; a licence that ended is never granted again.
/// </summary>
public sealed record PatentLicenceGranted(string DealId, string ListingId, DealKind DealKind, string LicenseeOrganisationId, DateOnly? StartsOn, DateOnly? EndsOn);

/// <summary>The licence of the deal is no longer in force: its term ended, or its agreement was cancelled.</summary>
public sealed record PatentLicenceEnded(string DealId, string Reason);

/// <summary>A licence on the patent, granted or in force.</summary>
public sealed record PatentLicence(string DealId, string ListingId, DealKind DealKind, string LicenseeOrganisationId, DateOnly? StartsOn, DateOnly? EndsOn);

public sealed record Patent(
    string? Id,
    string? OwnerOrganisationId,
    PatentRegistered? Registration,
    LegalStatus LegalStatus,
    Pledge? Pledge,
    IReadOnlyDictionary<string, DealKind> ActiveListings,
    ImmutableDictionary<string, PatentLicence> Licences,
    ImmutableHashSet<string> EndedLicences,
    ImmutableHashSet<string>? LoansReleased = null) : IAggregateState<Patent>
{
    public static Patent Initial { get; } = new(null, null, null, LegalStatus.Pending, null, new Dictionary<string, DealKind>(),
        ImmutableDictionary<string, PatentLicence>.Empty, ImmutableHashSet<string>.Empty);

    public static Patent Evolve(Patent state, object @event) => @event switch
    {
        PatentRegistered e => state with
        {
            Id = e.PatentId,
            OwnerOrganisationId = e.OwnerOrganisationId,
            Registration = e,
            LegalStatus = e.LegalStatus,
            Pledge = e.Pledge,
        },
        PatentLegalStatusChanged e => state with { LegalStatus = e.Status },
        PatentPledged e => state with { Pledge = e.Pledge },
        PledgeeConsentRecorded e => state with { Pledge = state.Pledge! with { ConsentDocument = e.ConsentDocument } },
        PatentPledgeReleased => state with { Pledge = null },
        PatentOffered e => state with { ActiveListings = new Dictionary<string, DealKind>(state.ActiveListings) { [e.ListingId] = e.DealKind } },
        PatentReleased e => state with { ActiveListings = state.ActiveListings.Where(l => l.Key != e.ListingId).ToDictionary() },
        PatentAssigned e => state with
        {
            OwnerOrganisationId = e.NewOwnerOrganisationId,
            Pledge = e.PledgeDisposed ? null : state.Pledge,
            ActiveListings = state.ActiveListings.Where(l => l.Key != e.ListingId).ToDictionary(),
        },
        // Messages come in any order: a licence whose end was heard first is not granted again.
        PatentLicenceGranted e when state.EndedLicences.Contains(e.DealId) => state,
        PatentLicenceGranted e => state with
        {
            Licences = state.Licences.SetItem(e.DealId, new PatentLicence(e.DealId, e.ListingId, e.DealKind, e.LicenseeOrganisationId, e.StartsOn, e.EndsOn)),
        },
        PatentLicenceEnded e => state with { Licences = state.Licences.Remove(e.DealId), EndedLicences = state.EndedLicences.Add(e.DealId) },
        PledgedLoanDefaulted => state with { Pledge = state.Pledge! with { InDefault = true } },
        LoanPledgeReleasedEarly e => state with { LoansReleased = (state.LoansReleased ?? []).Add(e.LoanId) },
        _ => state,
    };

    public bool Exists => Registration is not null;

    public DateOnly ExpiresOn => Registration?.ExpiresOn ?? DateOnly.MinValue;

    /// <summary>In force on a day: valid, granted, and within its term.</summary>
    public bool InForceOn(DateOnly day) => LegalStatus == LegalStatus.Valid && Registration?.GrantDate is not null && day < ExpiresOn;

    public static string StreamId(string patentId) => $"patent-{patentId}";
}
