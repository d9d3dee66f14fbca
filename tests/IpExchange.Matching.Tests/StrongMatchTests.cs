using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts.Matching;
using IpExchange.Testing;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>A new strong match is published once, whichever side arrives second.</summary>
[Collection("matching-api")]
public sealed class StrongMatchTests(MatchingApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus, typeof(StrongMatchFound));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    private static object Demand(string topic) => new
    {
        title = $"寻求{topic}超细晶粒硬质合金刀片技术",
        description = $"用于{topic}加工的超细晶粒硬质合金刀片及其梯度涂层制备方法",
        ipcCodes = new[] { "C22C 29/08" },
        budgetMax = 3_000_000m,
        deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_demand_posted_after_a_matching_listing_and_a_listing_published_after_a_demand_are_both_announced_once()
    {
        var topic = $"钛合金{Guid.NewGuid():N}"[..9];
        var first = Published($"一种{topic}超细晶粒硬质合金刀片及其梯度涂层制备方法", ["C22C 29/08"], owner: "org-xjhm");
        await api.Bus.Publish(first);
        await Eventually(async () =>
        {
            var probe = await api.As(Uni).GetAsync($"/api/demands/for-listing/{first.ListingId}");
            return probe.StatusCode == HttpStatusCode.NotFound && (await api.As(Staff).GetAsync($"/api/demands/for-listing/{first.ListingId}")).IsSuccessStatusCode;
        }, "the listing to reach the catalogue");

        var posted = await api.As(Tools).PostAsJsonAsync("/api/demands", Demand(topic));
        var demandId = (await Body(posted)).GetProperty("id").GetString()!;
        await Eventually(() => Task.FromResult(_heard.OfType<StrongMatchFound>().Any(m => m.DemandId == demandId && m.ListingId == first.ListingId)), "the first strong match");

        var second = Published($"一种{topic}硬质合金刀片的梯度涂层制备方法", ["C22C 29/08"], owner: "org-xjhm");
        await api.Bus.Publish(second);
        await Eventually(() => Task.FromResult(_heard.OfType<StrongMatchFound>().Any(m => m.DemandId == demandId && m.ListingId == second.ListingId)), "the second strong match");

        var match = _heard.OfType<StrongMatchFound>().First(m => m.DemandId == demandId && m.ListingId == first.ListingId);
        Assert.Equal("org-ljtool", match.DemandOwnerOrganisationId);
        Assert.Equal("org-xjhm", match.ListingOwnerOrganisationId);
        Assert.True(match.Score >= 0.7);
        Assert.Contains(match.Reasons, r => r.StartsWith("IPC: C22C 29/08", StringComparison.Ordinal));
        Assert.Equal("C22C 29/08", match.Explanation!.Ipc!.ListingCode);
        Assert.Contains(match.Explanation.Words, w => w.Chinese == "硬质合金" && w.English == "cemented carbide");
        Assert.True(match.Explanation.Budget!.Within);

        // Editing the demand does not announce the same pairs again.
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/demands/{demandId}") { Content = JsonContent.Create(Demand(topic)) };
        Assert.Equal(HttpStatusCode.OK, (await api.As(Tools).SendAsync(edit)).StatusCode);
        await Task.Delay(1500);
        Assert.Single(_heard.OfType<StrongMatchFound>(), m => m.DemandId == demandId && m.ListingId == first.ListingId);
        Assert.Single(_heard.OfType<StrongMatchFound>(), m => m.DemandId == demandId && m.ListingId == second.ListingId);
    }
}
