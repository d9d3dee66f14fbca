using IpExchange.Contract.Agreements;
using IpExchange.Contract.Agreements.Amending;
using IpExchange.Contract.Agreements.Drafting;
using IpExchange.Contract.Agreements.Paying;
using IpExchange.Contract.Agreements.Recording;
using IpExchange.Contract.Agreements.Signing;
using IpExchange.Contract.Agreements.Steps;
using IpExchange.Contract.Catalogue;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Members;
using IpExchange.ServiceDefaults;
using static IpExchange.Contract.Tests.ContractApi;

namespace IpExchange.Contract.Tests;

/// <summary>The deciders alone: given the agreement's events, when a command comes, then these events or this rule.</summary>
public sealed class AgreementDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static Agreement Given(params object[] events) => events.Aggregate(Agreement.Initial, Agreement.Evolve);

    private static AgreementDraftedFromDeal Drafted(DealKind kind = DealKind.Assignment, decimal price = 1_000_000m, IReadOnlyList<PaymentTerm>? schedule = null)
    {
        var deal = new DealStruck("D-1", "L-1", Uni.OrganisationId, Rail.OrganisationId, price, kind, TradingMode.Negotiated, PricingMethod.Negotiated,
            "", schedule ?? [new PaymentTerm("首付款", price * 0.3m, new DateOnly(2026, 12, 1)), new PaymentTerm("尾款", price * 0.7m, new DateOnly(2027, 3, 1))],
            kind == DealKind.Assignment ? null : 0.05m, Now);
        var listing = new KnownListing("L-1", Uni.OrganisationId, Uni.OrganisationName, "轨道交通牵引变流器",
            [new AgreementPatent("201910100001.X", "一种牵引变流器", PatentType.Invention, new DateOnly(2039, 1, 1))]);
        return DraftAgreement.Decide(deal, listing, new Dictionary<string, MemberRecord>(), Now, TimeSpan.FromDays(7));
    }

    private static AgreementSignedByParty SignedBy(Caller caller, string hash) => new(caller.OrganisationId, caller.OrganisationName, caller.UserId, caller.Name, hash, Now);

    [Theory]
    [InlineData(DealKind.Assignment, "专利权转让合同", "著录项目变更")]
    [InlineData(DealKind.ExclusiveLicence, "独占许可", "备案")]
    [InlineData(DealKind.SoleLicence, "排他许可", "备案")]
    [InlineData(DealKind.NonExclusiveLicence, "普通许可", "备案")]
    [InlineData(DealKind.OpenLicence, "开放许可", "备案")]
    [InlineData(DealKind.EquityContribution, "作价入股", "著录项目变更")]
    public void Each_deal_kind_has_its_template_and_the_hash_is_of_the_exact_text(DealKind kind, string title, string registration)
    {
        var drafted = Drafted(kind);
        Assert.StartsWith(AgreementText.Title(kind), drafted.Text);
        Assert.Contains(title, drafted.Text);
        Assert.Contains(registration, drafted.Text);
        Assert.Contains("一种牵引变流器", drafted.Text);
        Assert.Equal(AgreementText.Hash(drafted.Text), drafted.ContentHash);
        Assert.Equal(drafted.ContentHash, Drafted(kind).ContentHash); // the same deal renders the same bytes
        Assert.Equal(kind != DealKind.Assignment && kind != DealKind.EquityContribution, drafted.Text.Contains("提成费", StringComparison.Ordinal));
    }

    [Fact]
    public void A_buyer_never_named_stays_as_its_organisation_id_and_an_empty_schedule_is_one_lump_sum()
    {
        var drafted = Drafted(schedule: []);
        Assert.Equal(Rail.OrganisationId, drafted.Buyer.Name);
        var m = Assert.Single(drafted.Terms.Milestones);
        Assert.Equal(1_000_000m, m.Amount);
        Assert.Null(m.DueOn);
        Assert.Contains("登记生效之日起 30 日内", drafted.Text);
    }

    [Fact]
    public void Given_an_amended_text_when_signing_the_old_hash_then_the_stale_hash_rule()
    {
        var drafted = Drafted();
        var proposed = AmendAgreement.Propose(Given(drafted), new AmendmentRequest(null, null, null, ["甲方提供技术培训。"], "增加技术培训"), Rail, DateOnly.FromDateTime(Now.UtcDateTime), Now);
        var accepted = AmendAgreement.Accept(Given(drafted, proposed), 1, Uni, Now, TimeSpan.FromDays(7));
        var agreement = Given(drafted, proposed, accepted);
        var e = Assert.Throws<DomainRuleViolationException>(() => SignAgreement.Decide(agreement, new SignRequest(drafted.ContentHash), Uni, Now));
        Assert.Equal("agreement.stale-hash", e.Rule);
        Assert.Equal(accepted.ContentHash, SignAgreement.Decide(agreement, new SignRequest(accepted.ContentHash), Uni, Now).ContentHash);
    }

    [Fact]
    public void An_amendment_whose_milestones_exceed_the_price_is_refused_with_the_field()
    {
        var e = Assert.Throws<ValidationFailedException>(() => AmendAgreement.Propose(Given(Drafted()),
            new AmendmentRequest(100m, null, null, null, "降价"), Rail, DateOnly.FromDateTime(Now.UtcDateTime), Now));
        Assert.True(e.Errors.ContainsKey("paymentSchedule"));
    }

    [Fact]
    public void Given_an_effective_agreement_a_payment_above_the_outstanding_amount_is_refused_and_the_last_one_with_registration_completes()
    {
        var drafted = Drafted();
        var agreement = Given(drafted, SignedBy(Uni, drafted.ContentHash), SignedBy(Rail, drafted.ContentHash));
        var recorded = RecordAgreement.Decide(agreement, Staff, Now);
        agreement = Agreement.Evolve(agreement, recorded);
        Assert.Equal("agreement.already-recorded",
            Assert.Throws<DomainRuleViolationException>(() => RecordAgreement.Decide(agreement, Staff, Now)).Rule);

        Assert.Equal("payment.exceeds-due", Assert.Throws<DomainRuleViolationException>(() =>
            PayMilestone.Decide(agreement, new PaymentRequest("M1", 300_000.01m, null), Rail, Now)).Rule);
        agreement = PayMilestone.Decide(agreement, new PaymentRequest("M1", 300_000m, null), Rail, Now).Aggregate(agreement, Agreement.Evolve);
        var registration = RecordStep.Decide(agreement, AgreementSteps.PatentTransferRegistration, "N-1", DateOnly.FromDateTime(Now.UtcDateTime), RecordStep.Fields.Steps, Uni, Now);
        Assert.Single(registration); // 700,000 still to pay
        agreement = registration.Aggregate(agreement, Agreement.Evolve);
        var last = PayMilestone.Decide(agreement, new PaymentRequest("尾款", 700_000m, null), Rail, Now);
        Assert.IsType<AgreementFulfilled>(last[^1]);
        Assert.Equal(AgreementStatus.Completed, last.Aggregate(agreement, Agreement.Evolve).Status);
    }

    [Fact]
    public void Deadlines_fire_only_when_due_and_still_relevant()
    {
        var drafted = Drafted(schedule: [new PaymentTerm("首付款", 100m, new DateOnly(2026, 11, 21))]);
        var waiting = Given(drafted);
        Assert.Null(SigningDeadlinePassed.Decide(waiting, Now.AddDays(6)));
        Assert.Equal(CancelledBy.Deadline, SigningDeadlinePassed.Decide(waiting, Now.AddDays(7))!.By);
        var signed = Given(drafted, SignedBy(Uni, drafted.ContentHash), SignedBy(Rail, drafted.ContentHash));
        Assert.Null(SigningDeadlinePassed.Decide(signed, Now.AddDays(8)));

        var effective = Agreement.Evolve(signed, RecordAgreement.Decide(signed, Staff, Now));
        Assert.Null(MilestoneDue.Decide(effective, "M1", new DateTimeOffset(2026, 11, 21, 23, 59, 0, TimeSpan.Zero)));
        var overdue = MilestoneDue.Decide(effective, "M1", Now);
        Assert.Equal(100m, overdue!.AmountDue);
        Assert.Null(MilestoneDue.Decide(Agreement.Evolve(effective, overdue), "M1", Now)); // once only
    }

    [Fact]
    public void A_recorded_agreement_is_not_amended_and_the_exchange_cancels_only_with_a_reason()
    {
        var drafted = Drafted();
        var signed = Given(drafted, SignedBy(Uni, drafted.ContentHash), SignedBy(Rail, drafted.ContentHash));
        var effective = Agreement.Evolve(signed, RecordAgreement.Decide(signed, Staff, Now));
        Assert.Equal("agreement.recorded", Assert.Throws<DomainRuleViolationException>(() => AmendAgreement.Propose(effective,
            new AmendmentRequest(null, null, null, ["补充条款"], "补充"), Rail, DateOnly.FromDateTime(Now.UtcDateTime), Now)).Rule);

        var noReason = Assert.Throws<ValidationFailedException>(() => Agreements.Cancelling.CancelAgreement.Decide(effective, new("  "), Staff, Now));
        Assert.True(noReason.Errors.ContainsKey("reason"));
        var byExchange = Assert.Single(Agreements.Cancelling.CancelAgreement.Decide(effective, new("纠纷调解失败"), Staff, Now));
        Assert.Equal(CancelledBy.Exchange, Assert.IsType<AgreementCancelled>(byExchange).By);
    }

    [Fact]
    public void The_second_party_asking_to_cancel_cancels_and_the_first_asking_twice_is_refused()
    {
        var drafted = Drafted();
        var first = Agreements.Cancelling.CancelAgreement.Decide(Given(drafted), new(null), Rail, Now);
        var requested = Assert.IsType<CancellationRequested>(Assert.Single(first));
        var agreement = Given(drafted, requested);
        Assert.Equal("cancellation.already-requested", Assert.Throws<DomainRuleViolationException>(() =>
            Agreements.Cancelling.CancelAgreement.Decide(agreement, new(null), Rail, Now)).Rule);
        var second = Agreements.Cancelling.CancelAgreement.Decide(agreement, new("同意"), Uni, Now);
        Assert.Equal(CancelledBy.Parties, Assert.IsType<AgreementCancelled>(second[^1]).By);
        Assert.Throws<NotFoundException>(() => Agreements.Cancelling.CancelAgreement.Decide(agreement, new(null), Tools, Now));
    }

    [Fact]
    public void The_text_escapes_nothing_and_the_document_escapes_html()
    {
        var drafted = Drafted();
        var proposed = AmendAgreement.Propose(Given(drafted), new AmendmentRequest(null, null, null, ["<script>alert(1)</script> 条款"], "测试"), Rail,
            DateOnly.FromDateTime(Now.UtcDateTime), Now);
        var agreement = Given(drafted, proposed, AmendAgreement.Accept(Given(drafted, proposed), 1, Uni, Now, TimeSpan.FromDays(7)));
        Assert.Contains("<script>alert(1)</script> 条款", agreement.Text);
        var html = Agreements.Querying.AgreementQueries.Document(agreement);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains(agreement.ContentHash!, html);
        var english = Agreements.Querying.AgreementQueries.EnglishDocument(agreement);
        Assert.DoesNotContain("<script>", english);
        Assert.Contains("binds no one", english);
    }
}
