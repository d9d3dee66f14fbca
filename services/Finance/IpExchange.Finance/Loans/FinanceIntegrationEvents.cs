using IpExchange.Contracts.Finance;
using IpExchange.EventStore;

namespace IpExchange.Finance.Loans;

/// <summary>
/// What a loan's events announce to the other services (IpExchange.Contracts.Finance), from each
/// event and the loan as it is after it; the session writes them to the outbox in the append's
/// transaction. The Listing service marks the patents pledged on <c>PledgeRegistered</c> and
/// releases them on <c>PledgeReleased</c>; the cockpit reads the rest.
/// </summary>
public sealed class FinanceIntegrationEvents : IIntegrationEvents
{
    public IEnumerable<object> For(AppendedEvent appended)
    {
        if (appended.State is not Loan { Application: { } a } loan)
        {
            return [];
        }

        return appended.Data switch
        {
            LoanApplicationSubmitted e => [new LoanApplied(e.LoanId, e.Borrower.OrganisationId, e.Bank.OrganisationId, e.Guarantor.OrganisationId,
                e.Amount, e.TermMonths, loan.PatentIds, e.AppliedAt)],
            GuaranteeRefused e => [new LoanRefused(a.LoanId, a.Borrower.OrganisationId, Parties.Guarantor, e.Reason, e.RefusedAt)],
            LoanRefusedByBank e => [new LoanRefused(a.LoanId, a.Borrower.OrganisationId, Parties.Bank, e.Reason, e.RefusedAt)],
            LoanApprovedByBank e => [new LoanGranted(a.LoanId, a.Borrower.OrganisationId, a.Bank.OrganisationId, a.Guarantor.OrganisationId, a.Region,
                e.Amount, e.AnnualRate, e.TermMonths, loan.Guarantee!.FeeRate, e.RiskSharingEligible, e.ApprovedAt, Collateral(a))],
            PledgeRegistrationRecorded e => [new PledgeRegistered(a.LoanId, a.Borrower.OrganisationId, a.Bank.OrganisationId, a.Bank.Name, loan.PatentIds,
                e.NoticeNumber, e.NoticeDate, e.RecordedAt, Collateral(a))],
            RepaymentRecorded e => e.Allocations.Select(x => (object)new LoanRepaymentReceived(a.LoanId, x.Instalment, x.Amount, loan.Outstanding, e.PaidAt)),
            InstalmentFellOverdue e => [new LoanInstalmentOverdue(a.LoanId, a.Borrower.OrganisationId, e.Number, e.AmountDue, e.DueOn, e.DetectedAt)],
            InterestSubsidyPaid e => [new InterestSubsidyGranted(a.LoanId, a.Borrower.OrganisationId, e.Number, e.Amount, e.PaidAt)],
            LoanRepaidInFull e => [new PledgeReleased(a.LoanId, a.Borrower.OrganisationId, loan.PatentIds, e.RepaidAt)],
            LoanDefaultDeclared e => [new LoanDefaulted(a.LoanId, a.Borrower.OrganisationId, a.Bank.OrganisationId, e.Loss, e.DeclaredAt, loan.PatentIds)],
            RiskCompensationShared e => [new RiskCompensationSettled(a.LoanId, e.Loss, e.RiskSharingEligible, e.Shares, e.SettledAt)],
            PledgeDisposedOf e => [new PledgeDisposed(a.LoanId, a.Borrower.OrganisationId, e.Method, loan.PatentIds, e.Proceeds, e.Flows, e.DisposedAt)],
            _ => [],
        };
    }

    private static List<PledgeCollateral> Collateral(LoanApplicationSubmitted application) =>
        application.Patents.Select(p => new PledgeCollateral(p.PatentId, p.Title, p.ExpiresOn, p.IpcCodes ?? [])).ToList();
}
