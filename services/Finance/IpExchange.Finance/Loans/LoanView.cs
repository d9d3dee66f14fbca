using IpExchange.Contracts;
using IpExchange.Contracts.Finance;

namespace IpExchange.Finance.Loans;

/// <summary>A loan as its parties and the exchange see it (with its version as the ETag).</summary>
public sealed record LoanView(
    string Id,
    long Version,
    LoanStatus Status,
    LoanParty Borrower,
    LoanParty Bank,
    LoanParty Guarantor,
    decimal AmountRequested,
    int TermMonthsRequested,
    string Purpose,
    IReadOnlyList<PledgedPatent> Patents,
    ValuationReference Valuation,
    AppraisalReport Appraisal,
    decimal? GuaranteeFeeRate,
    decimal? GuaranteeCoverage,
    decimal? Amount,
    decimal? AnnualRate,
    int? TermMonths,
    bool? RiskSharingEligible,
    string? RefusedBy,
    string? RefusalReason,
    string? PledgeNoticeNumber,
    DateOnly? PledgeNoticeDate,
    IReadOnlyList<Instalment> Schedule,
    decimal Outstanding,
    decimal SubsidyPaid,
    decimal? Loss,
    IReadOnlyList<CompensationShare>? Compensation,
    string? DisposalMethod,
    decimal? DisposalProceeds,
    IReadOnlyList<MoneyFlow>? DisposalFlows,
    DateTimeOffset AppliedAt,
    DateTimeOffset? RepaidAt,
    PledgeListedForAuction? AuctionListing = null,
    decimal? DisposalCosts = null,
    string? DisposalCounterparty = null,
    IReadOnlyList<PledgedPatentAlerted>? PatentAlerts = null)
{
    public static LoanView From(Loan loan, long version)
    {
        var a = loan.Application!;
        return new LoanView(
            loan.Id!, version, loan.Status, a.Borrower, a.Bank, a.Guarantor, a.Amount, a.TermMonths, a.Purpose, a.Patents, a.Valuation, a.Appraisal,
            loan.Guarantee?.FeeRate, loan.Guarantee?.Coverage, loan.Terms?.Amount, loan.Terms?.AnnualRate, loan.Terms?.TermMonths, loan.Terms?.RiskSharingEligible,
            loan.RefusedBy, loan.RefusalReason, loan.Registration?.NoticeNumber, loan.Registration?.NoticeDate, loan.Schedule, loan.Outstanding, loan.SubsidyPaid,
            loan.Default?.Loss, loan.Compensation?.Shares, loan.Disposal?.Method, loan.Disposal?.Proceeds, loan.Disposal?.Flows, a.AppliedAt, loan.RepaidAt,
            loan.AuctionListing, loan.Disposal?.Costs, loan.Disposal?.Counterparty, loan.PatentAlerts ?? []);
    }
}
