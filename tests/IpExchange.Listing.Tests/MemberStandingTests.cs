using System.Net;
using System.Net.Http.Json;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

/// <summary>
/// A member the exchange suspended (the Identity service's OrganisationSuspended, handled by the
/// Listing service itself) registers, drafts and submits nothing while its tokens still work: 403
/// member.suspended and the listing stays as it was; it still reads its own, and acts again once
/// reinstated.
/// </summary>
[Collection("listing-api")]
public sealed class MemberStandingTests(ListingApi api)
{
    [Fact]
    public async Task A_suspended_member_cannot_register_or_submit_for_publication_and_its_draft_stays_a_draft_until_reinstated()
    {
        var member = new Caller($"u-{Guid.NewGuid():N}"[..12], "陈老师", $"org-{Guid.NewGuid():N}"[..16], "湘中农业科学研究院", Roles.University, null, "湖南");
        await api.Tell(MemberFacts.Verified(member));
        var patent = await api.RegisterPatent(member);
        var listing = await api.Draft(member, ListingRequest([patent]));

        await api.Tell(MemberFacts.Suspended(member, reason: "涉嫌提交虚假材料，暂停交易"));

        var submitted = await api.Submit(member, listing);
        Assert.Equal(HttpStatusCode.Forbidden, submitted.StatusCode);
        var problem = await Body(submitted);
        Assert.Equal("member.suspended", problem.GetProperty("rule").GetString());
        Assert.Contains("涉嫌提交虚假材料", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var registered = await api.As(member).PostAsJsonAsync("/api/patents", PatentRequest(NewNumber()));
        Assert.Equal(HttpStatusCode.Forbidden, registered.StatusCode);
        Assert.Equal("Draft", (await api.Listing(listing, member)).GetProperty("status").GetString());

        await api.Tell(MemberFacts.Reinstated(member));
        var again = await api.Submit(member, listing);
        Assert.True(again.IsSuccessStatusCode, await again.Content.ReadAsStringAsync());
        Assert.Equal("Submitted", await api.Status(listing));
    }
}
