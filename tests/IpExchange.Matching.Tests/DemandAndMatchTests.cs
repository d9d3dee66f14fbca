using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using MassTransit;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

[Collection("matching-api")]
public sealed class DemandAndMatchTests(MatchingApi api)
{
    private static object DemandRequest(string title = "寻求轨道交通牵引变流器故障诊断技术", string[]? ipc = null, decimal? max = 2_000_000m) => new
    {
        title,
        description = "我司需要用于地铁车辆牵引变流器的功率器件开路故障在线诊断技术，可转让或独占许可。",
        ipcCodes = ipc ?? ["H02M 7/48"],
        budgetMin = 500_000m,
        budgetMax = max,
        dealKinds = new[] { "Assignment", "ExclusiveLicence" },
        region = "湖南",
        deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task<string> Post(Caller caller, object request)
    {
        var response = await api.As(caller).PostAsJsonAsync("/api/demands", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Body(response)).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Bad_demands_are_refused_field_by_field_and_only_enterprises_post()
    {
        var bad = await api.As(Rail).PostAsJsonAsync("/api/demands", new
        {
            title = "", description = "x", ipcCodes = new[] { "Z99" }, budgetMin = 5m, budgetMax = -1m, deadline = "2020-01-01",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await Body(bad)).GetProperty("errors");
        foreach (var field in new[] { "title", "ipcCodes[0]", "budgetMax", "deadline" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error on {field}: {errors}");
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Uni).PostAsJsonAsync("/api/demands", DemandRequest())).StatusCode);
    }

    [Fact]
    public async Task A_demand_is_edited_under_its_ETag_closed_by_its_owner_and_hidden_from_other_enterprises()
    {
        var id = await Post(Rail, DemandRequest());
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).GetAsync($"/api/demands/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).PostAsJsonAsync($"/api/demands/{id}/close", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Uni).GetAsync($"/api/demands/{id}")).StatusCode); // universities read open demands

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/demands/{id}") { Content = JsonContent.Create(DemandRequest(max: 3_000_000m)) };
        stale.Headers.IfMatch.ParseAdd("\"7\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.As(Rail).SendAsync(stale)).StatusCode);

        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/demands/{id}") { Content = JsonContent.Create(DemandRequest(max: 3_000_000m)) };
        edit.Headers.IfMatch.ParseAdd("\"1\"");
        var edited = await api.As(Rail).SendAsync(edit);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(3_000_000m, (await Body(edited)).GetProperty("terms").GetProperty("budgetMax").GetDecimal());

        var closed = await api.As(Rail).PostAsJsonAsync($"/api/demands/{id}/close", new { reason = "已找到合作方" });
        Assert.Equal("Closed", (await Body(closed)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.As(Rail).PostAsJsonAsync($"/api/demands/{id}/close", new { })).StatusCode);
    }

    [Fact]
    public async Task Listings_learned_from_events_are_ranked_for_a_demand_with_reasons_and_leave_when_withdrawn()
    {
        var topic = $"牵引变流器{Guid.NewGuid():N}"[..12]; // keeps this test's listings apart in shared ranking
        var best = Published($"一种轨道交通{topic}故障诊断方法", ["H02M 7/48"]);
        var related = Published($"一种{topic}散热结构", ["H02M 1/32"]);
        var unrelated = Published("一种梯度硬质合金刀片", ["B22F 7/06"]);
        var directed = Published($"一种轨道交通{topic}故障诊断装置", ["H02M 7/48"], directedTo: "org-someone-else");
        foreach (var listing in new[] { best, related, unrelated, directed })
        {
            await api.Bus.Publish(listing);
        }

        var id = await Post(Rail, DemandRequest(title: $"寻求轨道交通{topic}故障诊断技术"));
        List<string> ids = [];
        await Eventually(async () =>
        {
            ids = ListingIds(await Body(await api.As(Rail).GetAsync($"/api/demands/{id}/matches?limit=50")));
            return ids.Contains(best.ListingId) && ids.Contains(related.ListingId);
        }, "the published listings to be matched");

        Assert.True(ids.IndexOf(best.ListingId) < ids.IndexOf(related.ListingId));
        Assert.DoesNotContain(unrelated.ListingId, ids);
        Assert.DoesNotContain(directed.ListingId, ids); // directed to another enterprise
        var top = (await Body(await api.As(Rail).GetAsync($"/api/demands/{id}/matches?limit=50"))).GetProperty("items").EnumerateArray()
            .First(m => m.GetProperty("listing").GetProperty("id").GetString() == best.ListingId);
        Assert.True(top.GetProperty("score").GetDouble() >= 0.7 && top.GetProperty("strong").GetBoolean(), $"{top}");
        Assert.Equal("H02M 7/48", top.GetProperty("reasons").GetProperty("ipc").GetProperty("listingCode").GetString());
        Assert.Equal("Subgroup", top.GetProperty("reasons").GetProperty("ipc").GetProperty("level").GetString());

        // The listing's owner sees the demand ranked for its listing.
        await Eventually(async () =>
        {
            var forListing = await Body(await api.As(Uni).GetAsync($"/api/demands/for-listing/{best.ListingId}"));
            return forListing.GetProperty("items").EnumerateArray().Any(m => m.GetProperty("demand").GetProperty("id").GetString() == id);
        }, "the demand ranked for the listing");
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).GetAsync($"/api/demands/for-listing/{best.ListingId}")).StatusCode);

        await api.Bus.Publish(new ListingWithdrawn(best.ListingId, "org-swrtu", null, DateTimeOffset.UtcNow));
        await Eventually(async () => !ListingIds(await Body(await api.As(Rail).GetAsync($"/api/demands/{id}/matches?limit=50"))).Contains(best.ListingId),
            "the withdrawn listing to leave the ranking");

        // A late duplicate of the publication does not bring it back.
        var duplicate = Guid.NewGuid();
        await api.Bus.Publish(best, context => context.MessageId = duplicate);
        await api.Consumed(duplicate, "the duplicate publication handled");
        var after = await Body(await api.As(Rail).GetAsync($"/api/demands/{id}/matches?limit=50"));
        Assert.DoesNotContain(best.ListingId, ListingIds(after));
    }

    private static List<string> ListingIds(System.Text.Json.JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("listing").GetProperty("id").GetString()!)];
}
