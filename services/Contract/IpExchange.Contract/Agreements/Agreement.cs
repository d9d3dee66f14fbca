using System.Collections.Immutable;
using IpExchange.Contracts;
using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements;

public enum AgreementStatus
{
    None,
    AwaitingSignatures, // 待签署
    SignedByBoth,       // 双方已签署, waiting for the exchange to record it
    Effective,          // 已登记生效: payments and the patent office registration run
    Completed,          // 交割完成
    Cancelled,          // 已解除 / 已取消
}

/// <summary>A party to the agreement as the text names it: 甲方 the seller (licensor), 乙方 the buyer (licensee).</summary>
public sealed record Party(string OrganisationId, string Name);

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

/// <summary>The terms both parties can change by amendment: price, schedule, royalty and extra clauses.</summary>
public sealed record AgreementTerms(decimal Price, IReadOnlyList<Milestone> Milestones, decimal? RoyaltyRate, IReadOnlyList<string> Clauses);

public sealed record Signature(string OrganisationId, string OrganisationName, string UserId, string UserName, string ContentHash, DateTimeOffset SignedAt);

public sealed record Amendment(int Number, string ProposedBy, AgreementTerms Terms, string Reason, DateTimeOffset ProposedAt)
{
    public string? AcceptedBy { get; init; }
    public bool Accepted => AcceptedBy is not null;
}

public sealed record Registration(string NoticeNumber, DateOnly NoticeDate, string RecordedBy, DateTimeOffset RecordedAt);

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

/// <summary>合同登记: the exchange recorded the signed agreement; dates left open in the schedule are fixed now.</summary>
public sealed record AgreementRecordedByExchange(string RecordNumber, string UserId, IReadOnlyList<Milestone> Milestones, DateTimeOffset RecordedAt);

public sealed record MilestonePaid(string MilestoneId, decimal Amount, string? Reference, string UserId, DateTimeOffset PaidAt);

public sealed record MilestoneFellOverdue(string MilestoneId, decimal AmountDue, DateOnly DueOn, DateTimeOffset DetectedAt);

public sealed record PatentOfficeRegistrationRecorded(string NoticeNumber, DateOnly NoticeDate, string OrganisationId, string UserId, DateTimeOffset RecordedAt);

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

/// <summary>The agreement stream folded: the process manager's state from a struck deal to completion.</summary>
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
    Registration? Registration,
    ImmutableHashSet<string> CancellationRequestedBy,
    string? CancellationReason,
    DateTimeOffset? EndedAt) : IAggregateState<Agreement>
{
    public static Agreement Initial { get; } = new(null, AgreementStatus.None, null, null, null, 0, null, null, null,
        ImmutableDictionary<string, Signature>.Empty, [], null, null, null, [], null, null);

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
        },
        MilestonePaid e => WithMilestone(state, e.MilestoneId, m => m with { Paid = m.Paid + e.Amount }),
        MilestoneFellOverdue e => WithMilestone(state, e.MilestoneId, m => m with { Overdue = true }),
        PatentOfficeRegistrationRecorded e => state with { Registration = new Registration(e.NoticeNumber, e.NoticeDate, e.OrganisationId, e.RecordedAt) },
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

    public bool IsParty(string organisationId) => Draft is not null && (Seller.OrganisationId == organisationId || Buyer.OrganisationId == organisationId);

    public string OtherParty(string organisationId) => Seller.OrganisationId == organisationId ? Buyer.OrganisationId : Seller.OrganisationId;

    public decimal Outstanding => Terms?.Milestones.Sum(m => m.Outstanding) ?? 0;

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
}
