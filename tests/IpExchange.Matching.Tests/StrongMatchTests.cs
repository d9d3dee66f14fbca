using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts.Matching;
using IpExchange.Testing;
using Microsoft.Extensions.DependencyInjection;
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
        var announced = await Announced(demandId);
        Assert.Equal(HttpStatusCode.OK, (await Replace(api.As(Tools), $"/api/demands/{demandId}", Demand(topic), $"/api/demands/{demandId}")).StatusCode);
        // The edit decided in its own transaction whether to announce: the pairs it would announce are
        // the rows it would add, so an unchanged table is no second announcement, with nothing to wait for.
        Assert.Equal(announced, await Announced(demandId));
        Assert.Single(_heard.OfType<StrongMatchFound>(), m => m.DemandId == demandId && m.ListingId == first.ListingId);
        Assert.Single(_heard.OfType<StrongMatchFound>(), m => m.DemandId == demandId && m.ListingId == second.ListingId);
    }

    /// <summary>The pairs announced for a demand, with when: the <c>strong_matches</c> rows written with each announcement.</summary>
    private async Task<string> Announced(string demandId)
    {
        await using var connection = await api.Services.GetRequiredService<EventStore.EventStore>().DataSource.OpenConnectionAsync();
        var rows = await Dapper.SqlMapper.QueryAsync<(string ListingId, DateTime FoundAt)>(connection,
            $"SELECT listing_id, found_at FROM {api.Schema}.strong_matches WHERE demand_id = @demandId ORDER BY listing_id", new { demandId });
        return string.Join(";", rows.Select(r => $"{r.ListingId}@{r.FoundAt:O}"));
    }
}
