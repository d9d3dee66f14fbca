using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>
/// A member the exchange suspended (the Identity service's OrganisationSuspended, handled by this
/// service itself) registers for no auction, bids, offers and takes nothing while its tokens still
/// work: 403 member.suspended, nothing changes; once reinstated it acts again.
/// </summary>
[Collection("matching-api")]
public sealed class MemberStandingTests(MatchingApi api)
{
    /// <summary>An enterprise of its own, so that suspending it touches no other test.</summary>
    private static Caller NewEnterprise() =>
        new($"u-{Guid.NewGuid():N}"[..12], "周经理", $"org-{Guid.NewGuid():N}"[..16], "湘潭电机配件有限公司", Roles.Enterprise, null, "湖南");

    private static async Task AssertSuspended(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Body(response);
        Assert.Equal("member.suspended", problem.GetProperty("rule").GetString());
        Assert.Contains("涉嫌串通竞价", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspended_member_cannot_register_bid_offer_or_take_a_listing_and_nothing_changes_until_reinstated()
    {
        var member = NewEnterprise();
        await api.Tell(MemberFacts.Verified(member));
        var auctioned = await api.InCatalogue(Published("一种暂停会员不得竞买的拍卖专利", ["H02M 7/48"], asking: 100_000m, pricing: PricingMethod.Auction, reserve: 100_000m));
        var scheduled = await api.As(Staff).PostAsJsonAsync("/api/auctions", new
        {
            listingId = auctioned.ListingId, startsAt = DateTimeOffset.UtcNow.AddSeconds(-1), endsAt = DateTimeOffset.UtcNow.AddMinutes(10),
            startingPrice = 100_000m, increment = 1_000m, deposit = 0m,
        });
        Assert.True(scheduled.StatusCode == HttpStatusCode.Created, await scheduled.Content.ReadAsStringAsync());
        var auction = (await Body(scheduled)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.As(member).PostAsJsonAsync($"/api/auctions/{auction}/registrations", new { depositReference = "BOC-2026-0001" })).StatusCode);
        var transfer = await api.InCatalogue(Published("一种暂停会员不得摘牌的挂牌专利", ["C22C 29/08"], asking: 500_000m, mode: TradingMode.ListingTransfer));
        var negotiable = await api.InCatalogue(Published("一种暂停会员不得报价的协议定价专利", ["C23C 14/06"], asking: 600_000m));

        await api.Tell(MemberFacts.Suspended(member));

        await AssertSuspended(await api.As(member).PostAsJsonAsync($"/api/auctions/{auction}/bids", new { amount = 100_000m }));
        await AssertSuspended(await api.As(member).PostAsJsonAsync("/api/offers/accept", new { listingId = transfer.ListingId }));
        await AssertSuspended(await api.As(member).PostAsJsonAsync("/api/offers/negotiations", new { listingId = negotiable.ListingId, price = 550_000m }));
        var view = await Body(await api.As(Staff).GetAsync($"/api/auctions/{auction}"));
        Assert.Empty(view.GetProperty("bids").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await api.As(member).GetAsync($"/api/auctions/{auction}")).StatusCode); // it may still read

        // Another member is unaffected, and the reinstated one bids again.
        var other = NewEnterprise() with { OrganisationName = "株洲硬质合金贸易有限公司" };
        await AssertSuspended(await api.As(member).PostAsJsonAsync($"/api/auctions/{auction}/registrations", new { depositReference = "BOC-2026-0002" }));
        Assert.Equal(HttpStatusCode.OK, (await api.As(other).PostAsJsonAsync($"/api/auctions/{auction}/registrations", new { depositReference = "BOC-2026-0003" })).StatusCode);
        await api.Tell(MemberFacts.Reinstated(member));
        var bid = await api.As(member).PostAsJsonAsync($"/api/auctions/{auction}/bids", new { amount = 100_000m });
        Assert.True(bid.StatusCode == HttpStatusCode.OK, await bid.Content.ReadAsStringAsync());
    }
}
