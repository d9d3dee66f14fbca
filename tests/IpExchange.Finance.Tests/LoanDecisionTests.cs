using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Finance;
using IpExchange.Contracts.Listings;
using IpExchange.Contracts.Members;
using IpExchange.Finance.Loans;
using IpExchange.Finance.Loans.Applying;
using IpExchange.Finance.Loans.Approving;
using IpExchange.Finance.Loans.Defaulting;
using IpExchange.Finance.Loans.Disposing;
using IpExchange.Finance.Loans.Registering;
using IpExchange.Finance.Loans.Repaying;
using IpExchange.Finance.Patents;
using IpExchange.Members;
using IpExchange.ServiceDefaults;
using static IpExchange.Finance.Tests.FinanceApi;

namespace IpExchange.Finance.Tests;

/// <summary>The loan's deciders, Given(events).When(command).Then(events), without I/O.</summary>
public sealed class LoanDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 3, 1);
    private static readonly FinanceOptions Options = new();

    private static readonly KnownPatent Owned = new("201910000001.X", "一种控制方法", PatentType.Invention, Borrower.OrganisationId, true, new DateOnly(2039, 1, 1), null, null);

    private static ApplicationFacts Facts(params KnownPatent[] patents) => new(
        patents.ToDictionary(p => p.Id),
        new Dictionary<string, MemberRecord>
        {
            [Bank.OrganisationId] = new(Bank.OrganisationId, Bank.OrganisationName, "91500000MA5U000001", OrganisationKind.Bank, "重庆", null),
            [Guarantor.OrganisationId] = new(Guarantor.OrganisationId, Guarantor.OrganisationName, "91500000MA5U000002", OrganisationKind.GuaranteeInstitution, "重庆", null),
        },
        [], Day);

    private static LoanApplication Request(decimal amount = 1_000_000m, params string[] patents) => new(
        Bank.OrganisationId, Guarantor.OrganisationId, amount, 12, "流动资金", patents.Length == 0 ? [Owned.Id] : patents,
        new ValuationInput("VAL-1", 2_100_000m), new AppraisalInput("评估所", "评报字1号", 2_000_000m, Day.AddDays(-5)));

    private static Loan Given(params object[] events) => events.Aggregate(Loan.Initial, Loan.Evolve);

    private static LoanApplicationSubmitted Applied(decimal amount = 1_000_000m) => ApplyForLoan.Decide("LN-1", Request(amount), Borrower, Facts(Owned), Options, Now);

    private static Loan Running(decimal amount = 1_000_000m, decimal fee = 0.01m, decimal borrowerTotal = 1_000_000m, int months = 12)
    {
        var applied = Applied(amount);
        var guaranteed = new GuaranteeApproved(fee, 0.8m, "u-guar", Now);
        var approved = new LoanApprovedByBank(amount, 0.0365m, months, borrowerTotal, RiskSharing.Eligible(borrowerTotal, fee, Options.RiskSharing), "u-bank", Now);
        var registered = new PledgeRegistrationRecorded("Y1", Day, RepaymentSchedule.EqualInstalments(amount, 0.0365m, months, Day), "u-ex", Now);
        return Given(applied, guaranteed, approved, registered);
    }

    private static DomainRuleViolationException Refused(Action act) => Assert.Throws<DomainRuleViolationException>(act);

    [Fact]
    public void An_application_names_the_parties_by_their_registered_names_and_the_patents_as_known()
    {
        var applied = Applied();
        Assert.Equal(Bank.OrganisationName, applied.Bank.Name);
        Assert.Equal(Guarantor.OrganisationName, applied.Guarantor.Name);
        Assert.Equal(Owned.Id, Assert.Single(applied.Patents).PatentId);
    }

    [Fact]
    public void A_patent_of_another_owner_is_refused_as_not_owned()
    {
        var theirs = Owned with { OwnerOrganisationId = Other.OrganisationId };
        var e = Assert.Throws<ValidationFailedException>(() => ApplyForLoan.Decide("LN-1", Request(), Borrower, Facts(theirs), Options, Now));
        Assert.Equal("loan.patent-not-owned", e.Problems["patentIds[0]"][0].Code);
    }

    [Fact]
    public void A_patent_already_pledged_is_refused()
    {
        var pledged = Owned with { Pledgee = "另一家银行", PledgeContractNumber = "ZY-1" };
        var e = Refused(() => ApplyForLoan.Decide("LN-1", Request(), Borrower, Facts(pledged), Options, Now));
        Assert.Equal("loan.patent-already-pledged", e.Rule);
        Assert.True(e.Problems.ContainsKey("patentIds[0]"));
    }

    [Fact]
    public void An_amount_over_the_cap_is_refused_naming_the_cap()
    {
        var e = Assert.Throws<ValidationFailedException>(() => ApplyForLoan.Decide("LN-1", Request(Options.MaxLoanAmount + 0.01m), Borrower, Facts(Owned), Options, Now));
        Assert.Equal("loan.amount-over-cap", e.Problems["amount"][0].Code);
    }

    [Fact]
    public void An_amount_over_the_pledge_rate_of_the_appraisal_is_refused()
    {
        var e = Refused(() => ApplyForLoan.Decide("LN-1", Request(1_200_000.01m), Borrower, Facts(Owned), Options, Now));
        Assert.Equal("loan.over-pledge-rate", e.Rule);
    }

    [Fact]
    public void A_missing_date_is_refused_as_required_not_as_a_date_in_the_future()
    {
        var undated = Request() with { Appraisal = new AppraisalInput("评估所", "评报字1号", 2_000_000m, null) };
        var e = Assert.Throws<ValidationFailedException>(() => ApplyForLoan.Decide("LN-1", undated, Borrower, Facts(Owned), Options, Now));
        Assert.Equal([FieldCodes.Required], e.Problems["appraisal.date"].Select(p => p.Code));

        var approved = Given(Applied(), new GuaranteeApproved(0.01m, 0.8m, "u-guar", Now),
            new LoanApprovedByBank(1_000_000m, 0.0365m, 12, 1_000_000m, true, "u-bank", Now));
        var registration = Assert.Throws<ValidationFailedException>(() => RegisterPledge.Decide(approved, new PledgeRegistration("Y2026000123", null), Staff, Day, Now));
        Assert.Equal([FieldCodes.Required], registration.Problems["noticeDate"].Select(p => p.Code));
        var tomorrow = Assert.Throws<ValidationFailedException>(() => RegisterPledge.Decide(approved, new PledgeRegistration("Y2026000123", Day.AddDays(1)), Staff, Day, Now));
        Assert.Equal([FieldCodes.DateInFuture], tomorrow.Problems["noticeDate"].Select(p => p.Code));
    }

    [Fact]
    public void A_guarantee_fee_over_the_cap_is_refused()
    {
        var e = Assert.Throws<ValidationFailedException>(() => GuaranteeDecision.Approve(Given(Applied()), new GuaranteeApproval(0.016m, 0.8m), Guarantor, Options, Now));
        Assert.Equal("loan.fee-over-cap", e.Problems["feeRate"][0].Code);
    }

    [Fact]
    public void Only_the_named_guarantor_decides_the_guarantee() =>
        Assert.Throws<ForbiddenException>(() => GuaranteeDecision.Approve(Given(Applied()), new GuaranteeApproval(0.01m, 0.8m), Bank, Options, Now));

    [Fact]
    public void The_bank_fixes_eligibility_from_the_borrowers_total_and_the_fee()
    {
        var guaranteed = Given(Applied(), new GuaranteeApproved(0.015m, 0.8m, "u", Now));
        Assert.True(BankDecision.Approve(guaranteed, new BankApproval(1_000_000m, 0.04m, 12), Bank, 9_000_000m, Options, Now).RiskSharingEligible);
        var over = BankDecision.Approve(guaranteed, new BankApproval(1_000_000m, 0.04m, 12), Bank, 9_000_000.01m, Options, Now);
        Assert.False(over.RiskSharingEligible);
        Assert.Equal(10_000_000.01m, over.BorrowerTotal);
    }

    [Fact]
    public void The_schedule_pays_the_principal_exactly_in_equal_instalments_to_the_fen()
    {
        var schedule = RepaymentSchedule.EqualInstalments(1_000_000m, 0.0365m, 12, new DateOnly(2026, 1, 31));
        Assert.Equal(1_000_000m, schedule.Sum(i => i.Principal));
        Assert.All(schedule, i => Assert.Equal(decimal.Round(i.Amount, 2), i.Amount));
        var first = schedule[0].Amount;
        Assert.All(schedule.SkipLast(1), i => Assert.Equal(first, i.Amount));
        Assert.True(Math.Abs(schedule[^1].Amount - first) <= 0.05m);
        Assert.Equal(new DateOnly(2026, 2, 28), schedule[0].DueOn); // a day past the month's end falls on its last day
        Assert.Equal(3041.67m, schedule[0].Interest); // 1,000,000 × 3.65 % / 12, half away from zero
    }

    [Fact]
    public void A_repayment_pays_the_earliest_instalments_first_and_the_last_releases_the_pledge()
    {
        var loan = Running(months: 2);
        var first = Repay.Decide(loan, new Repayment(loan.Schedule[0].Amount + 1m, null), Bank, Options, Now);
        var recorded = Assert.IsType<RepaymentRecorded>(first[0]);
        Assert.Equal([new Allocation(1, loan.Schedule[0].Amount), new Allocation(2, 1m)], recorded.Allocations);
        Assert.Contains(first, e => e is InterestSubsidyPaid { Number: 1 });
        var after = first.Aggregate(loan, Loan.Evolve);
        var last = Repay.Decide(after, new Repayment(after.Outstanding, "转账 001"), Bank, Options, Now);
        Assert.IsType<LoanRepaidInFull>(last[^1]);
    }

    [Fact]
    public void A_repayment_above_the_outstanding_is_refused()
    {
        var loan = Running(months: 2);
        Assert.Equal("loan.repayment-exceeds-outstanding", Refused(() => Repay.Decide(loan, new Repayment(loan.Outstanding + 0.01m, null), Bank, Options, Now)).Rule);
    }

    [Fact]
    public void An_instalment_falls_overdue_once_after_its_due_day()
    {
        var loan = Running();
        var due = loan.Schedule[0].DueOn;
        Assert.Null(InstalmentDue.Decide(loan, 1, new DateTimeOffset(due.ToDateTime(new TimeOnly(23, 59)), ExchangeCalendar.ChinaOffset)));
        var overdue = InstalmentDue.Decide(loan, 1, RepaymentSchedule.OverdueFrom(due));
        Assert.NotNull(overdue);
        Assert.Null(InstalmentDue.Decide(Loan.Evolve(loan, overdue), 1, RepaymentSchedule.OverdueFrom(due)));
    }

    [Fact]
    public void An_eligible_default_is_shared_4_2_2_2_with_the_remainder_to_the_bank()
    {
        var loan = Running();
        var overdue = Loan.Evolve(loan, new InstalmentFellOverdue(1, loan.Schedule[0].Amount, loan.Schedule[0].DueOn, Now));
        var defaulted = Loan.Evolve(overdue, DeclareDefault.Decide(overdue, new DefaultDeclaration("逾期未还"), Bank, Now));
        Assert.Equal(1_000_000m + loan.Schedule[0].Interest, defaulted.Default!.Loss);
        var shared = DeclareDefault.Compensate(defaulted, Bank, Options.RiskSharing, Now);
        Assert.True(shared.RiskSharingEligible);
        Assert.Equal(shared.Loss, shared.Shares.Sum(s => s.Amount));
        var loss = shared.Loss; // 1,003,041.67
        Assert.Equal(decimal.Round(loss * 0.4m, 2, MidpointRounding.ToZero), shared.Shares.Single(s => s.Party == Parties.Guarantor).Amount);
        Assert.Equal(decimal.Round(loss * 0.2m, 2, MidpointRounding.ToZero), shared.Shares.Single(s => s.Party == Parties.ReGuarantor).Amount);
        Assert.Equal(decimal.Round(loss * 0.2m, 2, MidpointRounding.ToZero), shared.Shares.Single(s => s.Party == Parties.NationalFund).Amount);
        Assert.Equal(loss - (decimal.Round(loss * 0.4m, 2, MidpointRounding.ToZero) + 2 * decimal.Round(loss * 0.2m, 2, MidpointRounding.ToZero)),
            shared.Shares.Single(s => s.Party == Parties.Bank).Amount);
        Assert.Equal("loan.compensation-already-settled", Refused(() => DeclareDefault.Compensate(Loan.Evolve(defaulted, shared), Bank, Options.RiskSharing, Now)).Rule);
    }

    [Fact]
    public void A_remainder_of_fens_goes_to_the_bank()
    {
        var shares = RiskSharing.Apportion(1_000_000.03m,
            [(Parties.Guarantor, "G", 0.4m), (Parties.ReGuarantor, "R", 0.2m), (Parties.NationalFund, "N", 0.2m), (Parties.Bank, "B", 0.2m)]);
        Assert.Equal([400_000.01m, 200_000.00m, 200_000.00m, 200_000.02m], shares.Select(s => s.Amount));
    }

    [Fact]
    public void An_ineligible_default_follows_the_loans_own_terms()
    {
        var loan = Running(fee: 0.015m, borrowerTotal: 12_000_000m);
        Assert.False(loan.Terms!.RiskSharingEligible);
        var overdue = Loan.Evolve(loan, new InstalmentFellOverdue(1, 1m, loan.Schedule[0].DueOn, Now));
        var defaulted = Loan.Evolve(overdue, DeclareDefault.Decide(overdue, new DefaultDeclaration("逾期"), Bank, Now));
        var shared = DeclareDefault.Compensate(defaulted, Bank, Options.RiskSharing, Now);
        Assert.Equal([Parties.Guarantor, Parties.Bank], shared.Shares.Select(s => s.Party));
        Assert.Equal(decimal.Round(shared.Loss * 0.8m, 2, MidpointRounding.ToZero), shared.Shares[0].Amount);
    }

    [Fact]
    public void Disposal_proceeds_pay_costs_then_the_loss_to_the_parties_then_the_borrower()
    {
        var loan = Running();
        var overdue = Loan.Evolve(loan, new InstalmentFellOverdue(1, 1m, loan.Schedule[0].DueOn, Now));
        var defaulted = Loan.Evolve(overdue, DeclareDefault.Decide(overdue, new DefaultDeclaration("逾期"), Bank, Now));
        var compensated = Loan.Evolve(defaulted, DeclareDefault.Compensate(defaulted, Bank, Options.RiskSharing, Now));
        var loss = compensated.Default!.Loss;
        var disposed = DisposePledge.Decide(compensated, new Disposal(DisposalMethod.ReverseLicence, "湘通集团", loss + 100_000m, 30_000m, null), Bank, Now);
        Assert.Equal(loss + 100_000m, disposed.Flows[0].Amount);
        Assert.Equal(30_000m, disposed.Flows.Single(f => f.To == Parties.DisposalCosts).Amount);
        Assert.Equal(70_000m, disposed.Flows.Single(f => f.To == Borrower.OrganisationName).Amount);
        var recoveries = disposed.Flows.Where(f => f.Purpose.StartsWith("recovery", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, recoveries.Count);
        Assert.Equal(compensated.Compensation!.Shares.Where(s => s.Party != Parties.Bank).Sum(s => s.Amount), recoveries.Sum(f => f.Amount));
        Assert.Equal("loan.already-disposed", Refused(() => DisposePledge.Decide(Loan.Evolve(compensated, disposed), new Disposal(DisposalMethod.DebtToEquity, "x", 1m, 0m, null), Bank, Now)).Rule);
    }

    private static Loan Compensated()
    {
        var loan = Running();
        var overdue = Loan.Evolve(loan, new InstalmentFellOverdue(1, 1m, loan.Schedule[0].DueOn, Now));
        var defaulted = Loan.Evolve(overdue, DeclareDefault.Decide(overdue, new DefaultDeclaration("逾期"), Bank, Now));
        return Loan.Evolve(defaulted, DeclareDefault.Compensate(defaulted, Bank, Options.RiskSharing, Now));
    }

    private static ListingPublished DisposalListing(string listingId, string ownerOrganisationId) => new(
        listingId, ownerOrganisationId, Bank.OrganisationName, "重庆", "质押专利处置拍卖", null, "质物处置", DealKind.Assignment, PricingMethod.Auction,
        TradingMode.Bidding, 900_000m, 800_000m, null, null, null, [], Now, Now.AddDays(30), null, [], Now, PledgeLoanId: "LN-1");

    [Fact]
    public void An_alert_on_a_pledged_patent_is_recorded_on_its_loan_once()
    {
        var loan = Running();
        var alert = new Contracts.Monitoring.AlertRaised("pledged-patent-lapsed-1", "pledged-patent-lapsed", null, null, null, "质押专利已失效", Now, "LN-1", Owned.Id);
        var alerted = PledgedPatentAlerts.OnRaised(loan, alert)!;
        Assert.Equal(Owned.Id, alerted.PatentId);
        Assert.Null(PledgedPatentAlerts.OnRaised(Loan.Evolve(loan, alerted), alert));
        Assert.Null(PledgedPatentAlerts.OnRaised(Loan.Initial, alert)); // a loan unknown here
    }

    [Fact]
    public void An_auction_typed_in_is_refused_the_marketplace_sells_the_pledge() =>
        Assert.Equal("disposal.auction-in-marketplace",
            Refused(() => DisposePledge.Decide(Compensated(), new Disposal(DisposalMethod.Auction, "某买受人", 1_200_000m, 0m, null), Bank, Now)).Rule);

    [Fact]
    public void The_pledgees_listing_of_a_defaulted_loan_is_recorded_once_and_another_owners_is_not()
    {
        var loan = Compensated();
        var listed = AuctionInMarketplace.OnListed(loan, DisposalListing("GP-1", Bank.OrganisationId));
        Assert.Equal("GP-1", listed!.ListingId);
        Assert.Null(AuctionInMarketplace.OnListed(Loan.Evolve(loan, listed), DisposalListing("GP-1", Bank.OrganisationId)));
        Assert.Null(AuctionInMarketplace.OnListed(loan, DisposalListing("GP-2", Borrower.OrganisationId)));
        Assert.Null(AuctionInMarketplace.OnListed(Running(), DisposalListing("GP-1", Bank.OrganisationId)));
    }

    [Fact]
    public void The_completed_sale_disposes_of_the_pledge_at_the_hammer_price_costs_first_then_the_parties_then_the_borrower()
    {
        var compensated = Compensated();
        var loss = compensated.Default!.Loss;
        var listed = Loan.Evolve(compensated, AuctionInMarketplace.OnListed(compensated, DisposalListing("GP-1", Bank.OrganisationId))!);
        var hammer = 1_234_567.89m;
        var sale = new ContractCompleted("AG-1", "D-1", "GP-1", Bank.OrganisationId, Other.OrganisationId, hammer, Now);

        Assert.Null(AuctionInMarketplace.OnSold(listed, sale with { ListingId = "GP-other" }, Other.OrganisationName, 0.03m, Now));
        var disposed = AuctionInMarketplace.OnSold(listed, sale, Other.OrganisationName, 0.03m, Now)!;

        Assert.Equal("Auction", disposed.Method);
        Assert.Equal(hammer, disposed.Proceeds);
        Assert.Equal(37_037.04m, disposed.Costs); // 3 % of the hammer price, half away from zero
        Assert.Equal(new MoneyFlow(Other.OrganisationName, Bank.OrganisationName, hammer, "hammer price (拍卖成交价)"), disposed.Flows[0]);
        Assert.Equal(37_037.04m, disposed.Flows.Single(f => f.To == Parties.DisposalCosts).Amount);
        var recoveries = disposed.Flows.Where(f => f.Purpose.StartsWith("recovery", StringComparison.Ordinal)).Sum(f => f.Amount);
        Assert.Equal(compensated.Compensation!.Shares.Where(s => s.Party != Parties.Bank).Sum(s => s.Amount), recoveries);
        Assert.Equal(hammer - 37_037.04m - loss, disposed.Flows.Single(f => f.To == Borrower.OrganisationName).Amount);
        Assert.Null(AuctionInMarketplace.OnSold(Loan.Evolve(listed, disposed), sale, Other.OrganisationName, 0.03m, Now)); // a repeat
    }

    [Fact]
    public void Disposal_of_a_repaid_loan_is_refused()
    {
        var loan = Running(months: 1);
        var repaid = Repay.Decide(loan, new Repayment(loan.Outstanding, null), Bank, Options, Now).Aggregate(loan, Loan.Evolve);
        Assert.Equal(LoanStatus.Repaid, repaid.Status);
        Assert.Equal("loan.repaid", Refused(() => DisposePledge.Decide(repaid, new Disposal(DisposalMethod.DebtToEquity, "x", 1m, 0m, null), Bank, Now)).Rule);
    }

    [Fact]
    public void The_pledge_is_registered_by_exchange_staff_once_the_bank_approved() =>
        Assert.Equal("loan.wrong-stage", Refused(() => RegisterPledge.Decide(Given(Applied()), new PledgeRegistration("Y1", Day), Staff, Day, Now)).Rule);
}
