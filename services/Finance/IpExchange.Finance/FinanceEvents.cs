using IpExchange.Finance.Loans;

namespace IpExchange.Finance;

/// <summary>The domain events the Finance service stores; their names are part of the evidence, never renamed.</summary>
public static class FinanceEvents
{
    public static readonly Type[] All =
    [
        typeof(LoanApplicationSubmitted), typeof(GuaranteeApproved), typeof(GuaranteeRefused), typeof(LoanApprovedByBank), typeof(LoanRefusedByBank),
        typeof(PledgeRegistrationRecorded), typeof(RepaymentRecorded), typeof(InstalmentFellOverdue), typeof(InterestSubsidyPaid), typeof(LoanRepaidInFull),
        typeof(LoanDefaultDeclared), typeof(RiskCompensationShared), typeof(PledgeDisposedOf), typeof(PledgeListedForAuction), typeof(PledgedPatentAlerted),
    ];
}
