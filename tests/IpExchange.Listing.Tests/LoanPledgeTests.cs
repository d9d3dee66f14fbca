using IpExchange.Contracts;
using IpExchange.Contracts.Finance;
using IpExchange.Listing.Patents;
using IpExchange.Listing.Patents.Pledging;

namespace IpExchange.Listing.Tests;

/// <summary>The Finance service's pledges on a patent, Given(events).When(message).Then(event), in any order of arrival. No I/O.</summary>
public sealed class LoanPledgeTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private static readonly PatentRegistered Registered = new("201910000001.X", "org-xtrail", "湘通轨道装备股份有限公司", "湖南", "一种控制方法", null, "摘要", null,
        ["H02M 7/48"], PatentType.Invention, new DateOnly(2019, 3, 15), new DateOnly(2021, 8, 20), LegalStatus.Valid, ["王强"], 10, null, new DateOnly(2039, 3, 15));

    private static PledgeRegistered Pledged(string loanId) =>
        new(loanId, "org-xtrail", "org-cqbank", "重庆渝江银行股份有限公司", [Registered.PatentId], "Y2026000123", new DateOnly(2026, 3, 1), At);

    private static PledgeReleased Released(string loanId) => new(loanId, "org-xtrail", [Registered.PatentId], At);

    private static Patent Given(params object?[] events) => events.OfType<object>().Aggregate(Patent.Initial, Patent.Evolve);

    [Fact]
    public void A_registered_pledge_names_the_pledgee_bank_and_its_release_frees_the_patent()
    {
        var pledged = LoanPledges.OnRegistered(Given(Registered), Pledged("LN-1"))!;
        Assert.Equal(new Pledge("重庆渝江银行股份有限公司", "LN-1", new DateOnly(2026, 3, 1), null, "org-cqbank"), pledged.Pledge);
        Assert.IsType<PatentPledgeReleased>(LoanPledges.OnReleased(Given(Registered, pledged), Released("LN-1")));
    }

    [Fact]
    public void A_release_that_overtook_its_registration_leaves_the_patent_unpledged()
    {
        var early = LoanPledges.OnReleased(Given(Registered), Released("LN-1"));
        Assert.Equal(new LoanPledgeReleasedEarly("LN-1"), early);
        var after = Given(Registered, early);
        Assert.Null(LoanPledges.OnRegistered(after, Pledged("LN-1")));
        Assert.Null(LoanPledges.OnReleased(after, Released("LN-1"))); // a repeat changes nothing
        Assert.Null(after.Pledge);

        // Another loan's pledge is not held back by it.
        Assert.Equal("LN-2", LoanPledges.OnRegistered(after, Pledged("LN-2"))!.Pledge.ContractNumber);
    }

    [Fact]
    public void A_default_of_the_pledged_loan_makes_the_pledge_the_pledgees_to_dispose_of_and_another_loans_changes_nothing()
    {
        var pledged = Given(Registered, LoanPledges.OnRegistered(Given(Registered), Pledged("LN-1")));
        Assert.Null(LoanPledges.OnDefaulted(pledged, new LoanDefaulted("LN-2", "org-xtrail", "org-cqbank", 1m, At, [Registered.PatentId])));
        var defaulted = LoanPledges.OnDefaulted(pledged, new LoanDefaulted("LN-1", "org-xtrail", "org-cqbank", 1m, At, [Registered.PatentId]))!;
        var after = Given(Registered, LoanPledges.OnRegistered(Given(Registered), Pledged("LN-1")), defaulted);
        Assert.True(after.Pledge!.InDefault);
        Assert.Null(LoanPledges.OnDefaulted(after, new LoanDefaulted("LN-1", "org-xtrail", "org-cqbank", 1m, At, [Registered.PatentId]))); // a repeat
    }

    [Fact]
    public void Another_loans_release_leaves_the_pledge_standing()
    {
        var pledged = Given(Registered, LoanPledges.OnRegistered(Given(Registered), Pledged("LN-1")));
        var other = LoanPledges.OnReleased(pledged, Released("LN-2"));
        Assert.IsNotType<PatentPledgeReleased>(other);
        Assert.Equal("LN-1", Given(Registered, LoanPledges.OnRegistered(Given(Registered), Pledged("LN-1")), other).Pledge!.ContractNumber);
    }
}
