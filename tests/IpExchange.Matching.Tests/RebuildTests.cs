using System.Net;
using System.Net.Http.Json;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Competitions;
using IpExchange.Matching.Demands;
using IpExchange.Matching.Negotiations;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>The read models are Marten projections: wiped, they are rebuilt from the events as they were.</summary>
[Collection("matching-api")]
public sealed class RebuildTests(MatchingApi api)
{
    [Fact]
    public async Task The_catalogue_demands_and_negotiations_are_rebuilt_from_the_events_as_they_were()
    {
        var topic = $"轴箱轴承{Guid.NewGuid():N}"[..10];
        var listing = await api.InCatalogue(Published($"一种{topic}故障预警方法", ["F16C 19/52"], asking: 900_000m));
        var demand = await api.As(Rail).PostAsJsonAsync("/api/demands", new
        {
            title = $"寻求{topic}故障预警技术", description = $"用于动车组{topic}的故障预警方法", ipcCodes = new[] { "F16C 19/52" },
            deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Created, demand.StatusCode);
        var demandId = (await Body(demand)).GetProperty("id").GetString()!;
        var opened = await api.As(Tools).PostAsJsonAsync("/api/offers/negotiations", new { listingId = listing.ListingId, price = 800_000m });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);

        // The demands ranked for the listing, in order: their scores follow the whole market's word
        // statistics, which other tests change meanwhile, so the ranking is compared, not the numbers.
        async Task<string[]> Seen() =>
        [
            string.Join(',', (await Body(await api.As(Uni).GetAsync($"/api/demands/for-listing/{listing.ListingId}"))).GetProperty("items").EnumerateArray()
                .Select(m => m.GetProperty("demand").GetProperty("id").GetString())),
            await (await api.As(Rail).GetAsync("/api/demands?pageSize=100")).Content.ReadAsStringAsync(),
            await (await api.As(Tools).GetAsync($"/api/offers/negotiations?listingId={listing.ListingId}")).Content.ReadAsStringAsync(),
        ];

        string[] before = [];
        await Eventually(async () => (before = await Seen())[0].Contains(demandId, StringComparison.Ordinal), "the demand ranked for the listing");
        var store = api.Services.GetRequiredService<IDocumentStore>();
        foreach (var document in new[] { typeof(CatalogueEntry), typeof(DemandSummary), typeof(NegotiationRow), typeof(CompetitionRow) })
        {
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(document);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Uni).GetAsync($"/api/demands/for-listing/{listing.ListingId}")).StatusCode);

        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in new[] { typeof(CatalogueProjection), typeof(DemandProjection), typeof(NegotiationProjection), typeof(CompetitionProjection) })
        {
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        string[] after = [];
        await Eventually(async () => (after = await Seen()).SequenceEqual(before), "the same answers after the rebuild");
        Assert.Equal(before, after);
    }
}
