using IpExchange.Contract.Agreements;
using IpExchange.Contract.Agreements.Amending;
using IpExchange.Contract.Agreements.Drafting;
using IpExchange.Contract.Agreements.Licensing;
using IpExchange.Contract.Agreements.Paying;
using IpExchange.Contract.Agreements.Recording;
using IpExchange.Contract.Agreements.Royalties;
using IpExchange.Contract.Agreements.Signing;
using IpExchange.Contract.Agreements.Steps;
using IpExchange.Contract.Catalogue;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Members;
using IpExchange.Members;
using IpExchange.ServiceDefaults;
using static IpExchange.Contract.Tests.ContractApi;

namespace IpExchange.Contract.Tests;

/// <summary>
/// Each deal kind's contract as Chinese practice wants it, decided without I/O: the text of every
/// kind, a licence's term and royalties, a contribution in kind paid in equity, the steps.
/// </summary>
public sealed class DealKindDecisionTests
{
    // 2026-11-22 16:00 in Beijing: the licence starts that day.
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly PatentExpires = new(2039, 1, 1);

    private static Agreement Given(params object[] events) => events.Aggregate(Agreement.Initial, Agreement.Evolve);

    /// <summary>Both parties as the Identity service's OrganisationVerified told the service.</summary>
    private static readonly Dictionary<string, MemberRecord> Members = new()
    {
        [Uni.OrganisationId] = new(Uni.OrganisationId, Uni.OrganisationName, "125101004581009355", OrganisationKind.UniversityOrInstitute, "四川", null),
        [Rail.OrganisationId] = new(Rail.OrganisationId, Rail.OrganisationName, "91430200MA4L0XNH2T", OrganisationKind.Enterprise, "湖南", "湘通集团"),
    };

    private static AgreementDraftedFromDeal Drafted(DealKind kind, LicenceTerms? licence = null, decimal price = 800_000m, IReadOnlyList<PaymentTerm>? schedule = null)
    {
        var deal = new DealStruck("DEAL-20261122-0001", "GP20261101-0001", Uni.OrganisationId, Rail.OrganisationId, price, kind, TradingMode.ListingTransfer,
            PricingMethod.Negotiated, "按挂牌条件成交。", schedule ?? [], null, Now);
        var listing = new KnownListing("GP20261101-0001", Uni.OrganisationId, Uni.OrganisationName, "轨道交通牵引变流器故障诊断",
            [new AgreementPatent("201910100001.X", "一种牵引变流器的故障诊断方法", PatentType.Invention, PatentExpires)],
            licence, new AppraisalReport("巴渝资产评估有限公司", "BY-PG-2026-017", 900_000m, new DateOnly(2026, 10, 8)));
        return DraftAgreement.Decide(deal, listing, Members, Now, TimeSpan.FromDays(7));
    }

    private static AgreementSignedByParty SignedBy(Caller caller, string hash) => new(caller.OrganisationId, caller.OrganisationName, caller.UserId, caller.Name, hash, Now);

    private static Agreement SignedAndRecorded(AgreementDraftedFromDeal drafted)
    {
        var signed = Given(drafted, SignedBy(Uni, drafted.ContentHash), SignedBy(Rail, drafted.ContentHash));
        return Agreement.Evolve(signed, RecordAgreement.Decide(signed, Staff, Now));
    }

    private static readonly LicenceTerms TwoYears = new(24, "湖南省、四川省", "城市轨道交通车辆牵引系统", false, 0.0325m, 50_000m);

    [Theory]
    [InlineData(DealKind.Assignment, "专利权转让合同", "专利权转移登记")]
    [InlineData(DealKind.ExclusiveLicence, "独占许可", "专利实施许可合同备案")]
    [InlineData(DealKind.SoleLicence, "排他许可", "专利实施许可合同备案")]
    [InlineData(DealKind.NonExclusiveLicence, "普通许可", "专利实施许可合同备案")]
    [InlineData(DealKind.OpenLicence, "开放许可", "专利实施许可合同备案")]
    [InlineData(DealKind.EquityContribution, "作价入股", "工商变更登记")]
    public void Every_kind_has_its_own_text_in_Chinese_only_and_its_own_steps(DealKind kind, string title, string step)
    {
        var drafted = Drafted(kind, TwoYears);
        Assert.Contains(title, drafted.Text);
        Assert.Contains(step, drafted.Text);
        Assert.Empty(BindingText.LatinWords(drafted.Text));
        Assert.Contains("中文文本为唯一具有约束力的文本", drafted.Text);
        var steps = AgreementView.From(Given(drafted), 1).Steps.Select(s => s.Name).ToList();
        Assert.Contains(step, steps);
        Assert.Equal(kind == DealKind.EquityContribution ? 3 : 1, steps.Count);
        if (kind.IsLicence())
        {
            Assert.Contains("许可期限：24个月", drafted.Text);
            Assert.Contains("许可地域：湖南省、四川省。", drafted.Text);
            Assert.Contains("许可实施的领域：城市轨道交通车辆牵引系统。", drafted.Text);
            Assert.Contains("乙方不得再许可第三方实施标的专利。", drafted.Text);
            Assert.Contains("3.25%", drafted.Text);
            Assert.Contains("不低于人民币 50,000.00 元", drafted.Text);
            Assert.DoesNotContain("著录项目变更", drafted.Text);
        }
        else
        {
            Assert.DoesNotContain("许可期限", drafted.Text);
            Assert.DoesNotContain("提成费", drafted.Text);
        }
    }

    [Fact]
    public void A_contribution_in_kind_is_paid_in_equity_signed_only_with_it_and_completed_by_its_two_registrations()
    {
        var drafted = Drafted(DealKind.EquityContribution);
        Assert.Empty(drafted.Terms.Milestones);
        Assert.Contains("不涉及现金支付", drafted.Text);
        Assert.Contains("评估报告编号 BY-PG-2026-017", drafted.Text);
        Assert.DoesNotContain("支付违约金", drafted.Text);

        // Without the investee's capital the text cannot be signed.
        var unsigned = Given(drafted);
        Assert.Equal("agreement.equity-terms-missing", Assert.Throws<DomainRuleViolationException>(() =>
            SignAgreement.Decide(unsigned, new SignRequest(drafted.ContentHash), Uni, Now)).Rule);

        // Cash milestones are refused; the investee states its capital, the contributor accepts.
        var cash = Assert.Throws<ValidationFailedException>(() => AmendAgreement.Propose(unsigned,
            new AmendmentRequest(null, [new MilestoneRequest("首付款", 1m, null)], null, null, "加现金"), Rail, DateOnly.FromDateTime(Now.UtcDateTime), Now));
        Assert.True(cash.Errors.ContainsKey("paymentSchedule"));
        var tooMuch = Assert.Throws<ValidationFailedException>(() => AmendAgreement.Propose(unsigned,
            new AmendmentRequest(null, null, null, null, "注册资本", Equity: new EquityRequest(null, 10_000_000m, 11_000_000m)), Rail, DateOnly.FromDateTime(Now.UtcDateTime), Now));
        Assert.True(tooMuch.Errors.ContainsKey("equity.registeredCapitalAfter"));
        var proposed = AmendAgreement.Propose(unsigned,
            new AmendmentRequest(null, null, null, null, "载明增资前后注册资本", Equity: new EquityRequest("湘通轨道装备股份有限公司", 10_000_000m, 10_600_000m)),
            Rail, DateOnly.FromDateTime(Now.UtcDateTime), Now);
        var accepted = AmendAgreement.Accept(Given(drafted, proposed), 1, Uni, Now, TimeSpan.FromDays(7));
        Assert.Contains("乙方注册资本由人民币 10,000,000.00 元增加至人民币 10,600,000.00 元", accepted.Text);
        Assert.Contains("认缴乙方新增注册资本人民币 600,000.00 元，取得乙方增资后 5.66% 的股权", accepted.Text);
        Assert.Contains("人民币 200,000.00 元计入乙方资本公积", accepted.Text);
        Assert.Empty(BindingText.LatinWords(accepted.Text));

        var agreement = Given(drafted, proposed, accepted, SignedBy(Uni, accepted.ContentHash), SignedBy(Rail, accepted.ContentHash));
        agreement = Agreement.Evolve(agreement, RecordAgreement.Decide(agreement, Staff, Now));
        Assert.Equal(0m, agreement.Outstanding);
        Assert.Equal("payment.no-cash", Assert.Throws<DomainRuleViolationException>(() =>
            PayMilestone.Decide(agreement, new PaymentRequest("M1", 1m, null), Rail, Now)).Rule);

        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Assert.Equal("step.out-of-order", Assert.Throws<DomainRuleViolationException>(() =>
            RecordStep.Decide(agreement, AgreementSteps.BusinessRegistrationChange, "91430200MA4L000001", today, RecordStep.Fields.Steps, Rail, Now)).Rule);
        agreement = RecordStep.Decide(agreement, AgreementSteps.ShareholderResolution, "湘通股决〔2026〕12号", today, RecordStep.Fields.Steps, Rail, Now)
            .Aggregate(agreement, Agreement.Evolve);
        var transfer = RecordStep.Decide(agreement, "patenttransferregistration", "2026112200017", today, RecordStep.Fields.Steps, Uni, Now);
        Assert.Single(transfer); // the business registration is still to come
        agreement = transfer.Aggregate(agreement, Agreement.Evolve);
        var last = RecordStep.Decide(agreement, AgreementSteps.BusinessRegistrationChange, "91430200MA4L000001", today, RecordStep.Fields.Steps, Rail, Now);
        Assert.IsType<AgreementFulfilled>(last[^1]);
        Assert.Equal("step.not-of-this-deal", Assert.Throws<DomainRuleViolationException>(() =>
            RecordStep.Decide(agreement, AgreementSteps.LicenceContractFiling, "X", today, RecordStep.Fields.Steps, Uni, Now)).Rule);
    }

    [Fact]
    public void A_licence_runs_its_term_from_the_recording_day_in_China_and_its_filing_falls_due_three_months_later()
    {
        var agreement = SignedAndRecorded(Drafted(DealKind.ExclusiveLicence, TwoYears, schedule: [new PaymentTerm("入门费", 800_000m, new DateOnly(2026, 12, 31))]));
        Assert.Equal(new LicencePeriod(new DateOnly(2026, 11, 22), new DateOnly(2028, 11, 21)), agreement.Licence);
        Assert.True(agreement.LicenceInForce);
        var filing = AgreementView.From(agreement, 4).Steps.Single();
        Assert.Equal(("专利实施许可合同备案", new DateOnly(2027, 2, 22)), (filing.Name, filing.DueOn!.Value));

        Assert.Null(StepDue.Decide(agreement, AgreementSteps.LicenceContractFiling, AgreementPlan.EndOfChinaDay(new DateOnly(2027, 2, 22)).AddSeconds(-1)));
        var overdue = StepDue.Decide(agreement, AgreementSteps.LicenceContractFiling, AgreementPlan.EndOfChinaDay(new DateOnly(2027, 2, 22)));
        Assert.Equal(new DateOnly(2027, 2, 22), overdue!.DueOn);

        // The term ends at midnight in China after its last day, once.
        Assert.Null(LicenceTermEnds.Decide(agreement, new DateTimeOffset(2028, 11, 21, 15, 59, 0, TimeSpan.Zero)));
        var ended = LicenceTermEnds.Decide(agreement, new DateTimeOffset(2028, 11, 21, 16, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2028, 11, 21), ended!.LastDay);
        var after = Agreement.Evolve(agreement, ended);
        Assert.False(after.LicenceInForce);
        Assert.Null(LicenceTermEnds.Decide(after, new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_licence_never_runs_past_its_patents()
    {
        var period = AgreementPlan.LicencePeriod(new DateOnly(2038, 6, 1), TwoYears,
            [new AgreementPatent("201910100001.X", "一种牵引变流器", PatentType.Invention, new DateOnly(2039, 1, 1))]);
        Assert.Equal(new DateOnly(2038, 12, 31), period.EndsOn);
    }

    [Fact]
    public void Royalties_are_the_rate_of_the_sales_to_the_fen_never_below_the_prorated_minimum()
    {
        Assert.Equal(40_123.46m, AgreementPlan.Royalty(1_234_567.89m, 0.0325m, 0m)); // 40,123.456425
        Assert.Equal(50_000m, AgreementPlan.Royalty(1_234_567.89m, 0.0325m, 50_000m)); // below the minimum
        Assert.Equal(81_250.00m, AgreementPlan.Royalty(2_500_000.15m, 0.0325m, 50_000m)); // 81,250.004875
        Assert.Equal(30_000m, AgreementPlan.Royalty(9_999_999m, null, 30_000m)); // a fixed yearly royalty
        Assert.Equal(0.01m, AgreementPlan.Fen(0.005m)); // half a fen rounds up (四舍五入)

        var periods = AgreementPlan.RoyaltyPeriods(new LicencePeriod(new DateOnly(2026, 11, 22), new DateOnly(2028, 5, 21)));
        Assert.Equal(2, periods.Count);
        Assert.Equal((new DateOnly(2027, 11, 21), new DateOnly(2027, 12, 21)), (periods[0].End, periods[0].DueOn));
        Assert.Equal(50_000m, AgreementPlan.Minimum(periods[0], 50_000m));
        // The short last year (182 of 366 days) owes its share of the minimum.
        Assert.Equal(new DateOnly(2028, 5, 21), periods[1].End);
        Assert.Equal(AgreementPlan.Fen(50_000m * 182 / 366), AgreementPlan.Minimum(periods[1], 50_000m));
    }

    [Fact]
    public void A_licence_year_is_reported_after_it_ends_paid_up_to_its_royalty_and_falls_overdue_if_not()
    {
        var agreement = SignedAndRecorded(Drafted(DealKind.SoleLicence, TwoYears));
        var yearOneOver = new DateTimeOffset(2027, 11, 22, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal("royalty.period-not-ended", Assert.Throws<DomainRuleViolationException>(() =>
            RoyaltyAccounts.Report(agreement, new RoyaltyReportRequest(1, 2_000_000m), Rail, Now)).Rule);
        Assert.Throws<ForbiddenException>(() => RoyaltyAccounts.Report(agreement, new RoyaltyReportRequest(1, 2_000_000m), Uni, yearOneOver));

        var reported = RoyaltyAccounts.Report(agreement, new RoyaltyReportRequest(1, 2_000_000.31m), Rail, yearOneOver);
        Assert.Equal(65_000.01m, reported.Royalty); // 2,000,000.31 × 3.25% = 65,000.010075
        agreement = Agreement.Evolve(agreement, reported);
        Assert.Equal("royalty.already-reported", Assert.Throws<DomainRuleViolationException>(() =>
            RoyaltyAccounts.Report(agreement, new RoyaltyReportRequest(1, 1m), Rail, yearOneOver)).Rule);
        Assert.Equal("royalty.exceeds-due", Assert.Throws<DomainRuleViolationException>(() =>
            RoyaltyAccounts.Pay(agreement, new RoyaltyPaymentRequest(1, 65_000.02m, null), Rail, yearOneOver)).Rule);
        agreement = Agreement.Evolve(agreement, RoyaltyAccounts.Pay(agreement, new RoyaltyPaymentRequest(1, 65_000.01m, "提成-2027"), Rail, yearOneOver));
        Assert.Null(RoyaltyDue.Decide(agreement, 1, new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        // Year two is neither reported nor paid by its due date (2028-12-21 in China).
        Assert.Null(RoyaltyDue.Decide(agreement, 2, new DateTimeOffset(2028, 12, 21, 15, 59, 0, TimeSpan.Zero)));
        var overdue = RoyaltyDue.Decide(agreement, 2, new DateTimeOffset(2028, 12, 21, 16, 0, 0, TimeSpan.Zero));
        Assert.Equal((2, (decimal?)null, new DateOnly(2028, 12, 21)), (overdue!.Period, overdue.AmountDue, overdue.DueOn));

        var statement = RoyaltyAccounts.Statement(Agreement.Evolve(agreement, overdue), new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal([RoyaltyAccounts.Statuses.Paid, RoyaltyAccounts.Statuses.Overdue], statement.Periods.Select(p => p.Status));
        Assert.Equal((65_000.01m, 65_000.01m, 0m), (statement.Reported, statement.Paid, statement.Outstanding));
    }

    [Fact]
    public void A_licence_without_a_royalty_takes_no_reports_and_an_assignment_has_no_licence()
    {
        var plain = SignedAndRecorded(Drafted(DealKind.NonExclusiveLicence, TwoYears with { RoyaltyRate = null, MinimumAnnualRoyalty = null }));
        Assert.Equal("royalty.none", Assert.Throws<DomainRuleViolationException>(() =>
            RoyaltyAccounts.Report(plain, new RoyaltyReportRequest(1, 1m), Rail, Now.AddYears(2))).Rule);
        Assert.Empty(RoyaltyAccounts.Statement(plain, Now).Periods);
        var assignment = SignedAndRecorded(Drafted(DealKind.Assignment));
        Assert.Null(assignment.Licence);
        Assert.Null(AgreementView.From(assignment, 4).Licence);
    }

    [Theory]
    [InlineData(DealKind.Assignment, "甲方（转让方）", "乙方（受让方）")]
    [InlineData(DealKind.ExclusiveLicence, "甲方（许可方）", "乙方（被许可方）")]
    public void The_text_names_both_parties_by_legal_name_and_credit_code(DealKind kind, string seller, string buyer)
    {
        var drafted = Drafted(kind);
        var lines = drafted.Text.Split('\n');
        Assert.Contains($"{seller}：西南轨道交通大学（统一社会信用代码：125101004581009355）", lines);
        Assert.Contains($"{buyer}：湘通轨道装备股份有限公司（统一社会信用代码：91430200MA4L0XNH2T）", lines);
        Assert.Equal(new Party(Rail.OrganisationId, Rail.OrganisationName, "91430200MA4L0XNH2T"), drafted.Buyer);
        Assert.DoesNotContain(Rail.OrganisationId, drafted.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Uni.OrganisationId, drafted.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_an_operator_of_a_party_when_signing_then_only_a_signer_may()
    {
        var drafted = Drafted(DealKind.Assignment);
        var agreement = Agreement.Evolve(Agreement.Initial, drafted);
        var clerk = Rail with { UserId = "u-rail-clerk", Name = "刘经办", OrganisationRoles = [OrganisationRoles.Operator] };

        var refused = Assert.Throws<ForbiddenException>(() => SignAgreement.Decide(agreement, new SignRequest(drafted.ContentHash), clerk, Now));
        Assert.Equal(SignAgreement.SignerRequiredRule, refused.Rule);

        var signer = Rail with { OrganisationRoles = [OrganisationRoles.Signer] };
        Assert.Equal(Rail.OrganisationId, SignAgreement.Decide(agreement, new SignRequest(drafted.ContentHash), signer, Now).OrganisationId);
    }
}
