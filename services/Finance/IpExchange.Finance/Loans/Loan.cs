using System.Collections.Immutable;
using System.Text.Json.Serialization;
using IpExchange.Contracts;
using IpExchange.Contracts.Finance;
using IpExchange.EventStore;

namespace IpExchange.Finance.Loans;

public enum LoanStatus
{
    None,
    Applied,            // 已申请: waiting for the guarantor
    Guaranteed,         // 担保已同意: waiting for the bank
    Approved,           // 银行已审批: waiting for the pledge's registration at the patent office
    Active,             // 质押已登记, 已放款: repayments run
    Repaid,             // 已结清: the pledge is released
    Defaulted,          // 已违约
    Refused,            // 已拒绝 (by the guarantor or the bank)
}

/// <summary>A member named on the loan, by its registered legal name.</summary>
public sealed record LoanParty(string OrganisationId, string Name);

/// <summary>
/// A pledged patent as the Listing service's <c>PatentChanged</c> described it when the loan was applied
/// for; its IPC codes (the main one first) are null in applications made before they were carried.
/// </summary>
public sealed record PledgedPatent(string PatentId, string Title, PatentType Type, DateOnly ExpiresOn, IReadOnlyList<string>? IpcCodes = null);

/// <summary>估值参考: the value Monitoring's valuation from comparable deals gave, and its reference.</summary>
public sealed record ValuationReference(string Reference, decimal Value);

/// <summary>
/// One instalment of the schedule: principal and interest, due on a day; <see cref="Paid"/> grows
/// with repayments (earliest instalment first).
/// </summary>
public sealed record Instalment(int Number, DateOnly DueOn, decimal Principal, decimal Interest)
{
    public decimal Paid { get; init; }

    public bool Overdue { get; init; }

    [JsonIgnore]
    public decimal Amount => Principal + Interest;

    [JsonIgnore]
    public decimal Outstanding => Amount - Paid;

    /// <summary>A repayment pays an instalment's interest first, then its principal.</summary>
    [JsonIgnore]
    public decimal OutstandingInterest => Math.Max(0, Interest - Paid);

    [JsonIgnore]
    public decimal OutstandingPrincipal => Principal - Math.Max(0, Paid - Interest);
}

/// <summary>What a repayment paid of one instalment.</summary>
public sealed record Allocation(int Instalment, decimal Amount);

// ---- The loan's events (stored; their names are part of the evidence, never renamed) ----

public sealed record LoanApplicationSubmitted(
    string LoanId, LoanParty Borrower, string? Region, LoanParty Bank, LoanParty Guarantor, decimal Amount, int TermMonths, string Purpose,
    IReadOnlyList<PledgedPatent> Patents, ValuationReference Valuation, AppraisalReport Appraisal, string UserId, DateTimeOffset AppliedAt);

/// <summary>
/// 担保同意: the guarantor's fee, and the share of a loss it bears when the loan is not eligible for
/// risk sharing (the loan's own terms; the bank bears the rest).
/// </summary>
public sealed record GuaranteeApproved(decimal FeeRate, decimal Coverage, string UserId, DateTimeOffset ApprovedAt);

public sealed record GuaranteeRefused(string Reason, string UserId, DateTimeOffset RefusedAt);

/// <summary>
/// 银行审批: the bank's terms. Whether a default would be shared 4:2:2:2 is fixed now, from the
/// borrower's loans in total at this moment (<paramref name="BorrowerTotal"/>, this one included) and the fee.
/// </summary>
public sealed record LoanApprovedByBank(decimal Amount, decimal AnnualRate, int TermMonths, decimal BorrowerTotal, bool RiskSharingEligible, string UserId, DateTimeOffset ApprovedAt);

public sealed record LoanRefusedByBank(string Reason, string UserId, DateTimeOffset RefusedAt);

/// <summary>质押登记: the patent office's notice; the loan is disbursed and its schedule runs from the notice date.</summary>
public sealed record PledgeRegistrationRecorded(string NoticeNumber, DateOnly NoticeDate, IReadOnlyList<Instalment> Schedule, string UserId, DateTimeOffset RecordedAt);

public sealed record RepaymentRecorded(decimal Amount, string? Reference, IReadOnlyList<Allocation> Allocations, string UserId, DateTimeOffset PaidAt);

public sealed record InstalmentFellOverdue(int Number, decimal AmountDue, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>贴息 for a paid instalment of an eligible loan.</summary>
public sealed record InterestSubsidyPaid(int Number, decimal Amount, DateTimeOffset PaidAt);

public sealed record LoanRepaidInFull(DateTimeOffset RepaidAt);

/// <summary>违约: declared by the bank; the loss is the unpaid principal and the interest of the instalments overdue.</summary>
public sealed record LoanDefaultDeclared(decimal Loss, string Reason, string UserId, DateTimeOffset DeclaredAt);

public sealed record RiskCompensationShared(decimal Loss, bool RiskSharingEligible, IReadOnlyList<CompensationShare> Shares, string UserId, DateTimeOffset SettledAt);

/// <summary>
/// 质物处置挂牌: the pledgee's listing of the loan's patents went public in the marketplace (the Listing
/// service's <c>ListingPublished</c> naming this loan); its sale, when the deal completes, disposes of the pledge.
/// </summary>
public sealed record PledgeListedForAuction(string ListingId, string Title, decimal AskingPrice, DateTimeOffset ListedAt);

/// <summary>
/// The exchange's watch (the Monitoring service's <c>AlertRaised</c> naming this loan) found a pledged
/// patent near its expiry or out of force: the loan's security is at risk, and its bank is told.
/// </summary>
public sealed record PledgedPatentAlerted(string AlertId, string Rule, string? PatentId, string Summary, DateTimeOffset RaisedAt);

public sealed record PledgeDisposedOf(
    string Method, string Counterparty, decimal Proceeds, decimal Costs, IReadOnlyList<MoneyFlow> Flows, string? Note, string UserId, DateTimeOffset DisposedAt);

/// <summary>How the pledgee disposes of a defaulted loan's patents (质物处置).</summary>
public enum DisposalMethod
{
    Auction,        // 拍卖: listed and auctioned in the exchange's marketplace on the pledgee's behalf
    ReverseLicence, // 反向许可: assigned to the pledgee or a buyer, licensed back to the borrower
    DebtToEquity,   // 质权转股权: the debt becomes equity in the borrower
}

/// <summary>The loan stream folded: from application to repayment, or to default, compensation and disposal.</summary>
public sealed record Loan(
    string? Id,
    LoanStatus Status,
    LoanApplicationSubmitted? Application,
    GuaranteeApproved? Guarantee,
    LoanApprovedByBank? Terms,
    PledgeRegistrationRecorded? Registration,
    ImmutableList<Instalment> Schedule,
    decimal SubsidyPaid,
    LoanDefaultDeclared? Default,
    RiskCompensationShared? Compensation,
    PledgeDisposedOf? Disposal,
    string? RefusedBy,
    string? RefusalReason,
    DateTimeOffset? RepaidAt,
    PledgeListedForAuction? AuctionListing = null,
    ImmutableList<PledgedPatentAlerted>? PatentAlerts = null) : IAggregateState<Loan>
{
    public static Loan Initial { get; } = new(null, LoanStatus.None, null, null, null, null, [], 0, null, null, null, null, null, null);

    public static Loan Evolve(Loan state, object @event) => @event switch
    {
        LoanApplicationSubmitted e => state with { Id = e.LoanId, Status = LoanStatus.Applied, Application = e },
        GuaranteeApproved e => state with { Status = LoanStatus.Guaranteed, Guarantee = e },
        GuaranteeRefused e => state with { Status = LoanStatus.Refused, RefusedBy = Parties.Guarantor, RefusalReason = e.Reason },
        LoanApprovedByBank e => state with { Status = LoanStatus.Approved, Terms = e },
        LoanRefusedByBank e => state with { Status = LoanStatus.Refused, RefusedBy = Parties.Bank, RefusalReason = e.Reason },
        PledgeRegistrationRecorded e => state with { Status = LoanStatus.Active, Registration = e, Schedule = [.. e.Schedule] },
        RepaymentRecorded e => state with
        {
            Schedule = state.Schedule.Select(i => e.Allocations.FirstOrDefault(a => a.Instalment == i.Number) is { } a ? i with { Paid = i.Paid + a.Amount } : i).ToImmutableList(),
        },
        InstalmentFellOverdue e => state with { Schedule = state.Schedule.Select(i => i.Number == e.Number ? i with { Overdue = true } : i).ToImmutableList() },
        InterestSubsidyPaid e => state with { SubsidyPaid = state.SubsidyPaid + e.Amount },
        LoanRepaidInFull e => state with { Status = LoanStatus.Repaid, RepaidAt = e.RepaidAt },
        LoanDefaultDeclared e => state with { Status = LoanStatus.Defaulted, Default = e },
        RiskCompensationShared e => state with { Compensation = e },
        PledgeListedForAuction e => state with { AuctionListing = e },
        PledgedPatentAlerted e => state with { PatentAlerts = (state.PatentAlerts ?? []).Add(e) },
        PledgeDisposedOf e => state with { Disposal = e },
        _ => state,
    };

    public bool Exists => Status != LoanStatus.None;

    public LoanParty Borrower => Application!.Borrower;

    public LoanParty Bank => Application!.Bank;

    public LoanParty Guarantor => Application!.Guarantor;

    public decimal Outstanding => Schedule.Sum(i => i.Outstanding);

    public decimal OutstandingPrincipal => Schedule.Sum(i => i.OutstandingPrincipal);

    /// <summary>What a default loses: every unpaid principal, and the unpaid interest of the instalments already overdue.</summary>
    public decimal Loss => OutstandingPrincipal + Schedule.Where(i => i.Overdue).Sum(i => i.OutstandingInterest);

    /// <summary>Still counts toward the borrower's total: applied for, approved or running (not refused, repaid or written off by default).</summary>
    public bool Open => Status is LoanStatus.Applied or LoanStatus.Guaranteed or LoanStatus.Approved or LoanStatus.Active;

    /// <summary>The amount that counts toward the borrower's total: the bank's amount once approved, the amount asked before.</summary>
    public decimal Amount => Terms?.Amount ?? Application?.Amount ?? 0;

    public IReadOnlyList<string> PatentIds => Application?.Patents.Select(p => p.PatentId).ToList() ?? [];

    public static string StreamId(string loanId) => $"loan-{loanId}";
}

/// <summary>The parties of a loan as events and views name them (stable codes, shown to people by their names).</summary>
public static class Parties
{
    public const string Borrower = "borrower";
    public const string Bank = "bank";
    public const string Guarantor = "guarantor";
    public const string ReGuarantor = "re-guarantor";
    public const string NationalFund = "national-fund";
    public const string DisposalCosts = "disposal-costs";
    public const string Buyer = "buyer";
}
