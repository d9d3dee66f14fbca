using System.Net;
using Microsoft.Extensions.DependencyInjection;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>Read models rebuilt from the facts alone give the same figures, alerts and their status included.</summary>
[Collection("monitoring-api")]
public sealed class RebuildTests(MonitoringApi api)
{
    private static readonly string[] Views =
    [
        "/api/cockpit/summary", "/api/cockpit/breakdown?by=region", "/api/cockpit/breakdown?by=ipc-section", "/api/cockpit/breakdown?by=institution",
        "/api/cockpit/breakdown?by=enterprise", "/api/cockpit/breakdown?by=month", "/api/cockpit/deals", "/api/alerts",
    ];

    [Fact]
    public async Task Emptied_read_models_rebuilt_from_the_facts_give_the_same_figures()
    {
        var week = new TradingWeek(new DateTimeOffset(2003, 6, 2, 8, 0, 0, TimeSpan.Zero));
        await week.Feed(api);
        await Eventually(async () => (await api.Deal(week.D3.DealId))!.Value.GetProperty("stuck").GetBoolean(), "the stuck deal");
        await api.DeadlinesPassed(); // the run's other past deadlines fire first: the figures stand still
        // An alert, acknowledged: its status must come back too.
        var cheap = Listing(asking: 900_000m);
        await api.Phase(cheap);
        var deal = Deal(cheap, price: 300_000m);
        await api.Phase(deal);
        await Eventually(async () => (await api.Alerts(deal.DealId)).Length == 1, "the alert");
        var alertId = (await api.Alerts(deal.DealId)).Single().GetProperty("alertId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await api.As(Staff).PostAsJsonAsync($"/api/alerts/{alertId}/acknowledge", new { note = "查看" })).StatusCode);

        var before = await Snapshot();

        // Lose the read models entirely: the figures are wrong until the rebuild.
        var store = api.Services.GetRequiredService<EventStore.EventStore>();
        await using (var wipe = store.DataSource.CreateCommand(store.Sql("""
            DELETE FROM {schema}.mt_doc_deal; DELETE FROM {schema}.mt_doc_alert;
            UPDATE {schema}.mt_doc_listing SET stage = 'Expired', data = jsonb_set(data, '{moves,expired}', '"2999-01-01T00:00:00+00:00"')
            """)))
        {
            await wipe.ExecuteNonQueryAsync();
        }

        Assert.NotEqual(before["/api/cockpit/summary"], (await Snapshot())["/api/cockpit/summary"]);

        var rebuilt = await api.As(Staff).PostAsync("/api/cockpit/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.True((await Body(rebuilt)).GetProperty("events").GetInt64() >= 31);

        var after = await Snapshot();
        foreach (var view in Views)
        {
            Assert.Equal(before[view], after[view]);
        }

        Assert.Equal("Acknowledged", (await api.Alerts(deal.DealId)).Single().GetProperty("status").GetString());
    }

    private async Task<Dictionary<string, string>> Snapshot()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var view in Views)
        {
            result[view] = (await api.Get(Staff, view)).GetRawText();
        }

        return result;
    }
}
