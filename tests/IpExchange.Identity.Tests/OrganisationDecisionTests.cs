using IpExchange.Contracts.Members;
using IpExchange.EventStore;
using IpExchange.Identity.Organisations;
using IpExchange.Identity.Organisations.Amending;
using IpExchange.Identity.Organisations.Applying;
using IpExchange.Identity.Organisations.Reviewing;
using IpExchange.Identity.Organisations.Suspending;
using IpExchange.ServiceDefaults;

namespace IpExchange.Identity.Tests;

/// <summary>The pure deciders: Given the organisation's events, When a command, Then its event or the broken rule.</summary>
public sealed class OrganisationDecisionTests
{
    private const string Id = "org-test";
    private static readonly Caller Staff = new("u-staff", "审核员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆");
    private static readonly RegisteredDetails Details = new("湘潭测试科技有限公司", "91350100M000100Y43", OrganisationKind.Enterprise, "湖南", "测试集团");

    private static Organisation Given(params object[] events) => events.Aggregate(Organisation.Initial, Organisation.Evolve);

    private static MembershipApplied Applied() => new(Id, Details, new Contact("周", "0731-1", "a@b.cn"), new Licence("L-1", new DateOnly(2020, 1, 1)), "u-admin");

    private static string RuleOf(Action act) => Assert.Throws<DomainRuleViolationException>(act).Rule;

    [Fact]
    public void An_application_under_review_is_verified()
    {
        var verified = ReviewApplication.Verify(Given(Applied()), Id, Staff);
        Assert.Equal(new ApplicationVerified(Id, Staff.UserId), verified);
        Assert.Equal(OrganisationStatus.Verified, Given(Applied(), verified).Status);
    }

    [Fact]
    public void A_member_is_not_verified_twice_and_an_unknown_organisation_is_not_found()
    {
        Assert.Equal("organisation.not-applied", RuleOf(() => ReviewApplication.Verify(Given(Applied(), new ApplicationVerified(Id, "x")), Id, Staff)));
        Assert.Throws<NotFoundException>(() => ReviewApplication.Verify(Organisation.Initial, Id, Staff));
    }

    [Fact]
    public void A_rejection_needs_a_reason()
    {
        var invalid = Assert.Throws<ValidationFailedException>(() => ReviewApplication.Reject(Given(Applied()), Id, new RejectionRequest(" "), Staff));
        Assert.True(invalid.Errors.ContainsKey("reason"));
        var rejected = ReviewApplication.Reject(Given(Applied()), Id, new RejectionRequest("营业执照已过期"), Staff);
        Assert.Equal("营业执照已过期", Given(Applied(), rejected).Reason);
    }

    [Fact]
    public void Only_a_verified_member_is_suspended_and_only_a_suspended_one_reinstated()
    {
        Assert.Equal("organisation.not-a-member", RuleOf(() => SuspendMembership.Suspend(Given(Applied()), Id, new SuspensionRequest("欠费"), Staff)));
        var member = Given(Applied(), new ApplicationVerified(Id, "x"));
        Assert.Equal("organisation.not-suspended", RuleOf(() => SuspendMembership.Reinstate(member, Id, new ReinstatementRequest(null), Staff)));
        var suspended = SuspendMembership.Suspend(member, Id, new SuspensionRequest("涉嫌违规交易"), Staff);
        Assert.False(Given(Applied(), new ApplicationVerified(Id, "x"), suspended).MayAct);
        Assert.True(Given(Applied(), new ApplicationVerified(Id, "x"), suspended, SuspendMembership.Reinstate(Given(Applied(), new ApplicationVerified(Id, "x"), suspended), Id, new ReinstatementRequest(null), Staff)).MayAct);
    }

    [Fact]
    public void The_exchange_itself_is_never_suspended()
    {
        var exchange = Given(Applied() with { Details = Details with { Kind = OrganisationKind.Exchange } }, new ApplicationVerified(Id, "x"));
        Assert.Equal("organisation.exchange-not-suspended", RuleOf(() => SuspendMembership.Suspend(exchange, Id, new SuspensionRequest("x"), Staff)));
    }

    [Fact]
    public void An_amendment_must_change_something_and_keeps_what_it_leaves_out()
    {
        var member = Given(Applied(), new ApplicationVerified(Id, "x"));
        Assert.Equal("organisation.nothing-amended", RuleOf(() => AmendOrganisation.Amend(member, Id, new AmendmentRequest(Details.LegalName, null, null, "更名"), Staff)));
        var amended = AmendOrganisation.Amend(member, Id, new AmendmentRequest("湘潭新名科技有限公司", null, "", "更名"), Staff);
        var after = Given(Applied(), new ApplicationVerified(Id, "x"), amended).Details!;
        Assert.Equal(("湘潭新名科技有限公司", "湖南", (string?)null, "91350100M000100Y43"), (after.LegalName, after.Region, after.Group, after.CreditCode));
    }

    [Fact]
    public void A_code_held_by_another_organisation_is_refused_and_free_again_once_released()
    {
        var held = new[] { new CreditCodeClaimed("91350100M000100Y43", "org-a") }.Aggregate(CreditCodeHold.Initial, (s, e) => CreditCodeHold.Evolve(s, e));
        Assert.Equal("organisation.credit-code-registered", RuleOf(() => ApplyForMembership.ClaimCode(held, "91350100M000100Y43", "org-b")));
        var released = CreditCodeHold.Evolve(held, new CreditCodeReleased("91350100M000100Y43", "org-a"));
        Assert.Equal("org-b", ApplyForMembership.ClaimCode(released, "91350100M000100Y43", "org-b").OrganisationId);
    }

    [Fact]
    public void The_integration_map_announces_verification_amendment_suspension_and_reinstatement_with_the_stream_version()
    {
        var map = new MemberIntegrationEvents();
        var at = DateTimeOffset.UtcNow;
        object[] history = [Applied(), new ApplicationVerified(Id, "x"), new RegisteredDetailsAmended(Id, "x", "新名", "湖南", null, "更名"),
            new MembershipSuspended(Id, "x", "欠费"), new MembershipReinstated(Id, "x", null)];
        var state = Organisation.Initial;
        var announced = new List<object>();
        for (var i = 0; i < history.Length; i++)
        {
            state = Organisation.Evolve(state, history[i]);
            announced.AddRange(map.For(new AppendedEvent(Organisation.StreamId(Id), i + 1, history[i], state, EventMetadata.System(), at)));
        }

        Assert.Collection(announced,
            e => Assert.Equal(new OrganisationVerified(Id, Details.LegalName, Details.CreditCode, OrganisationKind.Enterprise, "湖南", "测试集团", 2, at), e),
            e => Assert.Equal(new OrganisationChanged(Id, "新名", Details.CreditCode, OrganisationKind.Enterprise, "湖南", null, 3, at), e),
            e => Assert.Equal(new OrganisationSuspended(Id, "新名", Details.CreditCode, OrganisationKind.Enterprise, "湖南", null, "欠费", 4, at), e),
            e => Assert.Equal(new OrganisationReinstated(Id, "新名", Details.CreditCode, OrganisationKind.Enterprise, "湖南", null, 5, at), e));
    }
}
