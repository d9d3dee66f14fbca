using System.Collections.Immutable;
using System.Text.Json.Serialization;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements;

public enum AgreementStatus
{
    None,
    AwaitingSignatures, // 待签署
    SignedByBoth,       // 双方已签署, waiting for the exchange to record it
    Effective,          // 已登记生效: payments and the steps of the deal kind run
    Completed,          // 交割完成 (a licence stays in force until its term ends)
    Cancelled,          // 已解除 / 已取消
}

/// <summary>
/// A party to the agreement as the text names it: 甲方 the seller (licensor, contributor), 乙方 the buyer
/// (licensee, investee), by registered legal name and 统一社会信用代码 as the Identity service's
/// organisation events told this service (<paramref name="CreditCode"/> is null in agreements drafted
/// before the member was known here).
/// </summary>
public sealed record Party(string OrganisationId, string Name, string? CreditCode = null);

/// <summary>A patent covered by the agreement, as the listing described it.</summary>
public sealed record AgreementPatent(string Number, string Title, PatentType Type, DateOnly ExpiresOn);

/// <summary>
/// A milestone of the payment schedule. <see cref="DueOn"/> is null for a lump sum whose date is
/// fixed only when the exchange records the agreement (a number of days after recording).
/// </summary>
public sealed record Milestone(string Id, string Name, decimal Amount, DateOnly? DueOn)
{
    public decimal Paid { get; init; }
    public bool Overdue { get; init; }
    public decimal Outstanding => Amount - Paid;
}

/// <summary>
/// 作价入股: the consideration of a patent contributed as capital, equity in the investee. Its
/// registered capital goes from <see cref="RegisteredCapitalBefore"/> to
/// <see cref="RegisteredCapitalAfter"/>; the difference is the contributor's subscribed capital, and
/// the rest of the valuation goes to the investee's capital reserve (资本公积).
/// </summary>
public sealed record EquityTerms(string InvesteeName, decimal RegisteredCapitalBefore, decimal RegisteredCapitalAfter)
{
    [JsonIgnore]
    public decimal SubscribedCapital => RegisteredCapitalAfter - RegisteredCapitalBefore;

    /// <summary>The contributor's share of the capital after the increase, in percent to two decimals.</summary>
    [JsonIgnore]
    public decimal Percentage => decimal.Round(SubscribedCapital * 100m / RegisteredCapitalAfter, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The terms both parties can change by amendment: price (a licence's entry fee, a contribution's
/// valuation), schedule, royalty rate and extra clauses; a licence's terms (term, territory, field,
/// sublicensing, minimum royalty; their royalty rate is <see cref="RoyaltyRate"/>), a contribution's
/// equity and the appraisal it rests on.
/// </summary>
public sealed record AgreementTerms(
    decimal Price, IReadOnlyList<Milestone> Milestones, decimal? RoyaltyRate, IReadOnlyList<string> Clauses,
    LicenceTerms? Licence = null, EquityTerms? Equity = null, AppraisalReport? Appraisal = null)
{
    /// <summary>A running royalty (a rate of the licensee's sales, a minimum per licence year, or both) is payable.</summary>
    [JsonIgnore]
    public bool HasRoyalty => Licence is not null && (RoyaltyRate is > 0 || Licence.MinimumAnnualRoyalty is > 0);
}

public sealed record Signature(string OrganisationId, string OrganisationName, string UserId, string UserName, string ContentHash, DateTimeOffset SignedAt);

public sealed record Amendment(int Number, string ProposedBy, AgreementTerms Terms, string Reason, DateTimeOffset ProposedAt)
{
    public string? AcceptedBy { get; init; }
    public bool Accepted => AcceptedBy is not null;
}

public sealed record Registration(string NoticeNumber, DateOnly NoticeDate, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A step of the agreement recorded with its document's number and date (a notice, a resolution, a business licence).</summary>
public sealed record StepRecord(string Step, string DocumentNumber, DateOnly DocumentDate, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>The days a licence is in force (both included), fixed when its agreement takes effect.</summary>
public sealed record LicencePeriod(DateOnly StartsOn, DateOnly EndsOn);

/// <summary>A licence year's royalty: unreported, reported with the sales and the royalty due, paid in part or in full.</summary>
public sealed record RoyaltyAccount(int Period, RoyaltySalesReported? Report, decimal Paid, bool Overdue)
{
    public decimal? Outstanding => Report is null ? null : Report.Royalty - Paid;

    public bool Settled => Outstanding == 0;
}

// ---- The agreement's events (stored; their names are part of the evidence, never renamed) ----

/// <summary>合同起草: drafted from the deal's template; <c>Text</c> is the exact Chinese text whose SHA-256 is <c>ContentHash</c>.</summary>
public sealed record AgreementDraftedFromDeal(
    string AgreementId, string DealId, string ListingId, string ListingTitle, Party Seller, Party Buyer, DealKind DealKind,
    TradingMode TradingMode, PricingMethod PricingMethod, string DealTerms, IReadOnlyList<AgreementPatent> Patents,
    AgreementTerms Terms, DateTimeOffset StruckAt, string Text, string ContentHash, DateTimeOffset SigningDeadline, DateTimeOffset DraftedAt);

public sealed record AgreementSignedByParty(string OrganisationId, string OrganisationName, string UserId, string UserName, string ContentHash, DateTimeOffset SignedAt);

public sealed record AmendmentProposed(int Number, string ProposedBy, string UserId, AgreementTerms Terms, string Reason, DateTimeOffset ProposedAt);

/// <summary>Both parties agreed: the new terms, the new text and hash; every signature is void.</summary>
public sealed record AmendmentAccepted(int Number, string AcceptedBy, string UserId, decimal Price, int Revision, string Text, string ContentHash, DateTimeOffset SigningDeadline, DateTimeOffset AcceptedAt);

/// <summary>
/// 合同登记: the exchange recorded the signed agreement and it took effect; dates left open in the
/// schedule are fixed now, and so is a licence's term (from the day of recording in China).
/// </summary>
public sealed record AgreementRecordedByExchange(
    string RecordNumber, string UserId, IReadOnlyList<Milestone> Milestones, DateTimeOffset RecordedAt, DateOnly? LicenceStartsOn = null, DateOnly? LicenceEndsOn = null);

public sealed record MilestonePaid(string MilestoneId, decimal Amount, string? Reference, string UserId, DateTimeOffset PaidAt);

public sealed record MilestoneFellOverdue(string MilestoneId, decimal AmountDue, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>The patent office's notice, as agreements recorded it before the steps were kept by name (read, never written now).</summary>
public sealed record PatentOfficeRegistrationRecorded(string NoticeNumber, DateOnly NoticeDate, string OrganisationId, string UserId, DateTimeOffset RecordedAt);

/// <summary>A step of the deal kind (<see cref="AgreementSteps"/>) recorded by a party, with its document's number and date.</summary>
public sealed record AgreementStepTaken(string Step, string DocumentNumber, DateOnly DocumentDate, string OrganisationId, string UserId, DateTimeOffset RecordedAt);

/// <summary>A step with a deadline (许可合同备案: three months after the licence took effect) was not recorded by its last day.</summary>
public sealed record AgreementStepFellOverdue(string Step, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>The licence's term ended (its last day passed): an exclusive or sole licence releases its patents.</summary>
public sealed record LicenceTermEnded(DateOnly LastDay, DateTimeOffset EndedAt);

/// <summary>提成: the licensee reported a licence year's net sales; the royalty is computed to the fen (the minimum prorated for a short year).</summary>
public sealed record RoyaltySalesReported(
    int Period, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Sales, decimal? Rate, decimal Minimum, decimal Royalty, DateOnly DueOn, string UserId, DateTimeOffset ReportedAt);

public sealed record RoyaltyPaidForPeriod(int Period, decimal Amount, string? Reference, string UserId, DateTimeOffset PaidAt);

/// <summary>A licence year's royalty was not reported (<c>AmountDue</c> null), or not paid in full, by its due date.</summary>
public sealed record RoyaltyFellOverdue(int Period, decimal? AmountDue, DateOnly DueOn, DateTimeOffset DetectedAt);

public sealed record AgreementFulfilled(DateTimeOffset CompletedAt);

public sealed record CancellationRequested(string OrganisationId, string UserId, string? Reason, DateTimeOffset RequestedAt);

/// <summary>How an agreement ended without completing.</summary>
public static class CancelledBy
{
    public const string Parties = "parties";      // 协议解除: both parties asked
    public const string Exchange = "exchange";    // the exchange, with a reason
    public const string Deadline = "deadline";    // not signed in time
    public const string Listing = "listing";      // the listing could not take the deal
}

public sealed record AgreementCancelled(string By, string Reason, DateTimeOffset CancelledAt);

/// <summary>The listing refused the deal before its agreement was drafted: the deal's agreement is closed before it starts.</summary>
public sealed record DealRefusedBeforeDrafting(string AgreementId, string DealId, string ListingId, string Reason, DateTimeOffset RefusedAt);

/// <summary>The agreement stream folded: the process manager's state from a struck deal to completion, and a licence to the end of its term.</summary>
public sealed record Agreement(
    string? Id,
    AgreementStatus Status,
    AgreementDraftedFromDeal? Draft,
    AgreementTerms? Terms,
    AgreementTerms? TextTerms,
    int Revision,
    string? Text,
    string? ContentHash,
    DateTimeOffset? SigningDeadline,
    ImmutableDictionary<string, Signature> Signatures,
    ImmutableList<Amendment> Amendments,
    string? RecordNumber,
    DateTimeOffset? RecordedAt,
    ImmutableDictionary<string, StepRecord> Steps,
    ImmutableHashSet<string> OverdueSteps,
    LicencePeriod? Licence,
    DateTimeOffset? LicenceEndedAt,
    ImmutableSortedDictionary<int, RoyaltyAccount> Royalties,
    ImmutableHashSet<string> CancellationRequestedBy,
    string? CancellationReason,
    DateTimeOffset? EndedAt) : IAggregateState<Agreement>
{
    public static Agreement Initial { get; } = new(null, AgreementStatus.None, null, null, null, 0, null, null, null,
        ImmutableDictionary<string, Signature>.Empty, [], null, null, ImmutableDictionary<string, StepRecord>.Empty, [], null, null,
        ImmutableSortedDictionary<int, RoyaltyAccount>.Empty, [], null, null);

    public static Agreement Evolve(Agreement state, object @event) => @event switch
    {
        AgreementDraftedFromDeal e => state with
        {
            Id = e.AgreementId,
            Status = AgreementStatus.AwaitingSignatures,
            Draft = e,
            Terms = e.Terms,
            TextTerms = e.Terms,
            Revision = 1,
            Text = e.Text,
            ContentHash = e.ContentHash,
            SigningDeadline = e.SigningDeadline,
        },
        AgreementSignedByParty e => Signed(state, e),
        AmendmentProposed e => state with { Amendments = state.Amendments.Add(new Amendment(e.Number, e.ProposedBy, e.Terms, e.Reason, e.ProposedAt)) },
        AmendmentAccepted e => state with
        {
            Status = AgreementStatus.AwaitingSignatures,
            Terms = state.Amendments.Single(a => a.Number == e.Number).Terms,
            TextTerms = state.Amendments.Single(a => a.Number == e.Number).Terms,
            Amendments = state.Amendments.Select(a => a.Number == e.Number ? a with { AcceptedBy = e.AcceptedBy } : a).ToImmutableList(),
            Revision = e.Revision,
            Text = e.Text,
            ContentHash = e.ContentHash,
            SigningDeadline = e.SigningDeadline,
            Signatures = ImmutableDictionary<string, Signature>.Empty,
        },
        AgreementRecordedByExchange e => state with
        {
            Status = AgreementStatus.Effective,
            RecordNumber = e.RecordNumber,
            RecordedAt = e.RecordedAt,
            Terms = state.Terms! with { Milestones = e.Milestones },
            Licence = e is { LicenceStartsOn: { } starts, LicenceEndsOn: { } ends } ? new LicencePeriod(starts, ends) : null,
        },
        MilestonePaid e => WithMilestone(state, e.MilestoneId, m => m with { Paid = m.Paid + e.Amount }),
        MilestoneFellOverdue e => WithMilestone(state, e.MilestoneId, m => m with { Overdue = true }),
        PatentOfficeRegistrationRecorded e => WithStep(state, new StepRecord(AgreementPlan.PatentOfficeStep(state.Draft!.DealKind), e.NoticeNumber, e.NoticeDate, e.OrganisationId, e.RecordedAt)),
        AgreementStepTaken e => WithStep(state, new StepRecord(e.Step, e.DocumentNumber, e.DocumentDate, e.OrganisationId, e.RecordedAt)),
        AgreementStepFellOverdue e => state with { OverdueSteps = state.OverdueSteps.Add(e.Step) },
        LicenceTermEnded e => state with { LicenceEndedAt = e.EndedAt },
        RoyaltySalesReported e => WithRoyalty(state, e.Period, r => r with { Report = e }),
        RoyaltyPaidForPeriod e => WithRoyalty(state, e.Period, r => r with { Paid = r.Paid + e.Amount }),
        RoyaltyFellOverdue e => WithRoyalty(state, e.Period, r => r with { Overdue = true }),
        AgreementFulfilled e => state with { Status = AgreementStatus.Completed, EndedAt = e.CompletedAt },
        CancellationRequested e => state with { CancellationRequestedBy = state.CancellationRequestedBy.Add(e.OrganisationId) },
        AgreementCancelled e => state with { Status = AgreementStatus.Cancelled, CancellationReason = e.Reason, EndedAt = e.CancelledAt },
        DealRefusedBeforeDrafting e => state with { Id = e.AgreementId, Status = AgreementStatus.Cancelled, CancellationReason = e.Reason, EndedAt = e.RefusedAt },
        _ => state,
    };

    public bool Exists => Status != AgreementStatus.None;

    public bool Ended => Status is AgreementStatus.Completed or AgreementStatus.Cancelled;

    public Party Seller => Draft!.Seller;

    public Party Buyer => Draft!.Buyer;

    public DealKind Kind => Draft!.DealKind;

    public bool IsParty(string organisationId) => Draft is not null && (Seller.OrganisationId == organisationId || Buyer.OrganisationId == organisationId);

    public string OtherParty(string organisationId) => Seller.OrganisationId == organisationId ? Buyer.OrganisationId : Seller.OrganisationId;

    public decimal Outstanding => Terms?.Milestones.Sum(m => m.Outstanding) ?? 0;

    /// <summary>The patent office's step of the deal kind as recorded (transfer registration, or the licence contract's filing), for the views of old.</summary>
    public Registration? Registration => Draft is not null && Steps.TryGetValue(AgreementPlan.PatentOfficeStep(Kind), out var s)
        ? new Registration(s.DocumentNumber, s.DocumentDate, s.RecordedBy, s.RecordedAt)
        : null;

    /// <summary>The licence is in force: its agreement took effect, its term has not ended, and it was not cancelled.</summary>
    public bool LicenceInForce => Licence is not null && LicenceEndedAt is null && Status is AgreementStatus.Effective or AgreementStatus.Completed;

    /// <summary>The latest proposal while the other party has not accepted it; a newer proposal supersedes it.</summary>
    public Amendment? PendingAmendment => Amendments.LastOrDefault() is { Accepted: false } last ? last : null;

    public static string StreamId(string agreementId) => $"agreement-{agreementId}";

    /// <summary>One agreement per deal: the id is derived from the deal's, so a re-sent deal finds its agreement.</summary>
    public static string IdFor(string dealId) => $"AG-{dealId}";

    private static Agreement Signed(Agreement state, AgreementSignedByParty e)
    {
        var signatures = state.Signatures.SetItem(e.OrganisationId, new Signature(e.OrganisationId, e.OrganisationName, e.UserId, e.UserName, e.ContentHash, e.SignedAt));
        var both = signatures.ContainsKey(state.Seller.OrganisationId) && signatures.ContainsKey(state.Buyer.OrganisationId);
        return state with { Signatures = signatures, Status = both ? AgreementStatus.SignedByBoth : state.Status };
    }

    private static Agreement WithMilestone(Agreement state, string id, Func<Milestone, Milestone> change) =>
        state with { Terms = state.Terms! with { Milestones = state.Terms.Milestones.Select(m => m.Id == id ? change(m) : m).ToList() } };

    private static Agreement WithStep(Agreement state, StepRecord step) => state with { Steps = state.Steps.SetItem(step.Step, step) };

    private static Agreement WithRoyalty(Agreement state, int period, Func<RoyaltyAccount, RoyaltyAccount> change) =>
        state with { Royalties = state.Royalties.SetItem(period, change(state.Royalties.GetValueOrDefault(period) ?? new RoyaltyAccount(period, null, 0, false))) };
}
