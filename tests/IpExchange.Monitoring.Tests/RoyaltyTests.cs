using System.Net;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using Microsoft.Extensions.DependencyInjection;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>
/// The cockpit counts a licence's royalties (提成) from the Contract service's royalty events: income
/// in the summary and its breakdowns, paid / outstanding / overdue years on the deal, an alert for an
/// overdue year; a redelivered payment counts once, and a rebuild gives the same figures.
/// </summary>
[Collection("monitoring-api")]
public sealed class RoyaltyTests(MonitoringApi api)
{
    private static readonly DateTimeOffset T = new(2008, 4, 7, 8, 0, 0, TimeSpan.Zero);

    private static string Period => $"from={Uri.EscapeDataString(T.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(T.AddDays(1).ToString("O"))}";

    [Fact]
    public async Task Royalties_paid_count_as_income_once_overdue_years_alert_and_a_rebuild_gives_the_same_figures()
    {
        var listing = Listing("G06F 17/00", 500_000m, DealKind.NonExclusiveLicence, region: "江西", at: T.AddHours(-2));
        await api.Phase(listing);
        var deal = Deal(listing, "org-ljtool", at: T) with { RoyaltyRate = 0.03m };
        await api.Phase(deal);
        await api.Phase(Completed(deal, T.AddHours(1)));
        var agreement = $"A-{deal.DealId}";
        await api.Phase(
            new RoyaltyReported(agreement, deal.DealId, 1, new DateOnly(2007, 4, 1), new DateOnly(2008, 3, 31), 411_522.33m, 12_345.67m, new DateOnly(2008, 4, 30), T.AddHours(2)),
            new RoyaltyReported(agreement, deal.DealId, 2, new DateOnly(2008, 4, 1), new DateOnly(2009, 3, 31), 266_666.67m, 8_000.00m, new DateOnly(2009, 4, 30), T.AddHours(2.5)));

        // The first payment, then the same message again (a redelivery), then the rest.
        var first = RoyaltyPaid(deal, 1, 10_000.00m, 2_345.67m, T.AddHours(3));
        var firstId = Guid.NewGuid();
        var factsBefore = await api.Facts();
        await api.SendWithId(first, firstId);
        await Eventually(async () => await api.Facts() >= factsBefore + 1, "the first royalty payment");
        await api.SendWithId(first, firstId);
        await api.Phase(
            RoyaltyPaid(deal, 1, 2_345.67m, 0m, T.AddHours(4)),
            new RoyaltyOverdue(agreement, deal.DealId, deal.BuyerOrganisationId, 2, 8_000.00m, new DateOnly(2009, 4, 30), T.AddHours(5)),
            new RoyaltyOverdue(agreement, deal.DealId, deal.BuyerOrganisationId, 3, null, new DateOnly(2010, 4, 30), T.AddHours(6)));
        // A later, different message: the redelivery was handled before it, and kept nothing.
        await api.SendWithId(first, firstId);
        await api.Phase(Listing(at: T.AddDays(-30)));
        Assert.Equal(factsBefore + 5, await api.Facts());

        var royalties = (await api.Get(Staff, $"/api/cockpit/summary?{Period}")).GetProperty("royalties");
        Assert.Equal(12_345.67m, royalties.GetProperty("income").GetDecimal());
        Assert.Equal(2, royalties.GetProperty("payments").GetInt64());
        Assert.Equal(8_000.00m, royalties.GetProperty("outstanding").GetDecimal());
        Assert.Equal(2, royalties.GetProperty("overduePeriods").GetInt64());

        var region = Row(await api.Get(Staff, $"/api/cockpit/breakdown?by=region&{Period}"), "江西");
        Assert.Equal(12_345.67m, region.GetProperty("royaltyIncome").GetDecimal());
        Assert.Equal(1, region.GetProperty("deals").GetInt64());
        Assert.Equal(12_345.67m, Row(await api.Get(Staff, $"/api/cockpit/breakdown?by=month&{Period}"), "2008-04").GetProperty("royaltyIncome").GetDecimal());
        Assert.Equal(12_345.67m, Row(await api.Get(Staff, $"/api/cockpit/breakdown?by=enterprise&{Period}"), "org-ljtool").GetProperty("royaltyIncome").GetDecimal());

        var row = (await api.Deal(deal.DealId))!.Value;
        Assert.Equal("Completed", row.GetProperty("stage").GetString());
        Assert.False(row.GetProperty("stuck").GetBoolean());
        Assert.Equal(12_345.67m, row.GetProperty("royaltyPaid").GetDecimal());
        // The deal table's royalty columns: the rate struck, the base (sales reported), the royalties reported.
        Assert.Equal(0.03m, row.GetProperty("royaltyRate").GetDecimal());
        Assert.Equal(678_189.00m, row.GetProperty("royaltyBase").GetDecimal());
        Assert.Equal(20_345.67m, row.GetProperty("royaltyReported").GetDecimal());
        Assert.Equal(8_000.00m, row.GetProperty("royaltyOutstanding").GetDecimal());
        Assert.Equal([2, 3], row.GetProperty("overdueRoyaltyPeriods").EnumerateArray().Select(p => p.GetInt32()));

        var alerts = (await api.Alerts(deal.DealId, "royalty-overdue")).OrderBy(a => a.GetProperty("summary").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal("Raised", a.GetProperty("status").GetString()));
        Assert.StartsWith("第 2 许可年度提成 8,000.00 元 于 2009-04-30 到期未付清", alerts[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("第 3 许可年度销售额未在 2010-04-30 前报告", alerts[1].GetProperty("summary").GetString(), StringComparison.Ordinal);

        var audit = await api.Get(Staff, $"/api/audit/deals/{deal.DealId}");
        var types = audit.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("eventType").GetString()).ToList();
        Assert.Equal(2, types.Count(t => t == nameof(RoyaltyPaid)));

        // Rebuilt from the facts alone, the deal documents give the same figures.
        string[] views = [$"/api/cockpit/summary?{Period}", $"/api/cockpit/breakdown?by=region&{Period}", $"/api/cockpit/breakdown?by=month&{Period}", $"/api/alerts?dealId={deal.DealId}"];
        var before = await Snapshot(views, deal.DealId);
        var store = api.Services.GetRequiredService<EventStore.EventStore>();
        await using (var wipe = store.DataSource.CreateCommand(store.Sql("UPDATE {schema}.mt_doc_deal SET data = jsonb_set(data, '{royaltyPayments}', '[]')")))
        {
            await wipe.ExecuteNonQueryAsync();
        }

        Assert.NotEqual(before[views[0]], (await Snapshot(views, deal.DealId))[views[0]]);
        var rebuilt = await api.As(Staff).PostAsync("/api/cockpit/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        Assert.Equal(before, await Snapshot(views, deal.DealId));
    }

    private static JsonElement Row(JsonElement breakdown, string key) => breakdown.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == key);

    private async Task<Dictionary<string, string>> Snapshot(string[] views, string dealId)
    {
        var result = views.ToDictionary(v => v, v => "", StringComparer.Ordinal);
        foreach (var view in views)
        {
            result[view] = (await api.Get(Staff, view)).GetRawText();
        }

        result["deal"] = (await api.Deal(dealId))!.Value.GetRawText();
        return result;
    }
}
