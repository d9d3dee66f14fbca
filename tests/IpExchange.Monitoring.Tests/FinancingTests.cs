using IpExchange.Contracts;
using IpExchange.Contracts.Finance;
using IpExchange.Contracts.Listings;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>
/// The cockpit's pledge-financing figures from the Finance service's events, in any order: loans and
/// amounts by month and region, repayments and subsidy, defaults, compensation by party, disposals.
/// </summary>
[Collection("monitoring-api")]
public sealed class FinancingTests(MonitoringApi api)
{
    private static readonly DateTimeOffset T = new(2006, 5, 10, 2, 0, 0, TimeSpan.Zero);

    private static string Period => $"from={Uri.EscapeDataString(T.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(T.AddDays(1).ToString("O"))}";

    [Fact]
    public async Task Loans_defaults_compensation_and_disposals_are_counted_by_month_region_and_party()
    {
        var repaid = NewId("LN");
        var defaulted = NewId("LN");
        var refused = NewId("LN");
        await api.Phase(
            // Heard before its application: the order of facts does not matter.
            new LoanGranted(repaid, "org-xtrail", "org-cqbank", "org-cqguar", "湖南", 900_000m, 0.0365m, 3, 0.012m, true, T),
            new LoanApplied(defaulted, "org-ljtool", "org-cqbank", "org-cqguar", 1_000_000m, 6, ["201910000001.X"], T),
            new LoanApplied(refused, "org-xtrail", "org-cqbank", "org-cqguar", 2_000_000m, 12, ["201910000002.X"], T));
        await api.Phase(
            new LoanApplied(repaid, "org-xtrail", "org-cqbank", "org-cqguar", 900_000m, 3, ["201910000003.X"], T.AddMinutes(-5)),
            new LoanGranted(defaulted, "org-ljtool", "org-cqbank", "org-cqguar", "重庆", 1_000_000m, 0.0365m, 6, 0.01m, true, T.AddHours(1)),
            new LoanRefused(refused, "org-xtrail", "guarantor", "反担保措施不足", T.AddHours(1)));
        await api.Phase(
            new PledgeReleased(repaid, "org-xtrail", ["201910000003.X"], T.AddHours(3)),
            new LoanDefaulted(defaulted, "org-ljtool", "org-cqbank", 1_003_041.67m, T.AddHours(4)));
        await api.Phase(
            new LoanRepaymentReceived(repaid, 3, 900_000m + 5_478.94m, 0m, T.AddHours(2)),
            new RiskCompensationSettled(defaulted, 1_003_041.67m, true,
            [
                new CompensationShare("guarantor", "重庆科技融资担保有限公司", 0.4m, 401_216.66m),
                new CompensationShare("re-guarantor", "重庆市再担保有限责任公司", 0.2m, 200_608.33m),
                new CompensationShare("national-fund", "国家融资担保基金", 0.2m, 200_608.33m),
                new CompensationShare("bank", "重庆渝江银行股份有限公司", 0.2m, 200_608.35m),
            ], T.AddHours(5)));
        await api.Phase(
            new InterestSubsidyGranted(repaid, "org-xtrail", 1, 750.00m, T.AddHours(2)),
            new PledgeDisposed(defaulted, "org-ljtool", "Auction", ["201910000001.X"], 1_200_000m,
                [new MoneyFlow("买受人", "重庆渝江银行股份有限公司", 1_200_000m, "hammer price")], T.AddHours(6)));

        var figures = await api.Get(Staff, $"/api/cockpit/financing?{Period}");
        Assert.Equal(3, figures.GetProperty("applications").GetInt32());
        Assert.Equal(1, figures.GetProperty("refused").GetInt32());
        Assert.Equal(2, figures.GetProperty("loansGranted").GetInt32());
        Assert.Equal(1_900_000m, figures.GetProperty("amountGranted").GetDecimal());
        Assert.Equal(1, figures.GetProperty("repaid").GetInt32());
        Assert.Equal(905_478.94m, figures.GetProperty("repaidAmount").GetDecimal());
        Assert.Equal(750.00m, figures.GetProperty("subsidyPaid").GetDecimal());
        Assert.Equal(1, figures.GetProperty("defaults").GetInt32());
        Assert.Equal(1_003_041.67m, figures.GetProperty("defaultLoss").GetDecimal());
        var month = Assert.Single(figures.GetProperty("byMonth").EnumerateArray());
        Assert.Equal("2006-05", month.GetProperty("key").GetString());
        Assert.Equal(1_900_000m, month.GetProperty("amount").GetDecimal());
        var regions = figures.GetProperty("byRegion").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("amount").GetDecimal());
        Assert.Equal(1_000_000m, regions["重庆"]);
        Assert.Equal(900_000m, regions["湖南"]);
        var parties = figures.GetProperty("compensationByParty").EnumerateArray().ToDictionary(p => p.GetProperty("party").GetString()!, p => p.GetProperty("amount").GetDecimal());
        Assert.Equal(401_216.66m, parties["guarantor"]);
        Assert.Equal(200_608.35m, parties["bank"]);
        var disposal = Assert.Single(figures.GetProperty("disposals").EnumerateArray());
        Assert.Equal("Auction", disposal.GetProperty("method").GetString());
        Assert.Equal(1_200_000m, disposal.GetProperty("proceeds").GetDecimal());
    }

    private static readonly DateTimeOffset Later = new(2007, 2, 10, 2, 0, 0, TimeSpan.Zero);

    private static string LaterPeriod => $"from={Uri.EscapeDataString(Later.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Later.AddDays(1).ToString("O"))}";

    private static PledgeCollateral Patent(string id, string ipc, DateOnly expiresOn) => new(id, "一种轨道车辆牵引变流器的控制方法", expiresOn, ipc.Length == 0 ? [] : [ipc, "B61C 17/00"]);

    [Fact]
    public async Task Loans_are_broken_down_by_the_industry_of_their_main_pledged_patent()
    {
        var far = new DateOnly(2039, 3, 15);
        await api.Phase(
            new LoanGranted(NewId("LN"), "org-xtrail", "org-cqbank", "org-cqguar", "湖南", 900_000m, 0.0365m, 3, 0.012m, true, Later,
                [Patent(NewId("P"), "H02M 7/48", far), Patent(NewId("P"), "G06F 17/00", far)]),
            new LoanGranted(NewId("LN"), "org-ljtool", "org-cqbank", "org-cqguar", "重庆", 1_000_000m, 0.0365m, 6, 0.01m, true, Later, [Patent(NewId("P"), "H01L 21/00", far)]),
            new LoanGranted(NewId("LN"), "org-ljtool", "org-cqbank", "org-cqguar", "重庆", 500_000m, 0.0365m, 6, 0.01m, true, Later, [Patent(NewId("P"), "B22F 3/00", far)]),
            // From before the patents were carried: counted, under no industry.
            new LoanGranted(NewId("LN"), "org-ljtool", "org-cqbank", "org-cqguar", "重庆", 300_000m, 0.0365m, 6, 0.01m, true, Later));

        var figures = await api.Get(Staff, $"/api/cockpit/financing?{LaterPeriod}");
        var sections = figures.GetProperty("byIndustry").EnumerateArray().Select(r => (Key: r.GetProperty("key").GetString(), Loans: r.GetProperty("loans").GetInt32(), Amount: r.GetProperty("amount").GetDecimal())).ToList();
        Assert.Equal([("H", 2, 1_900_000m), ("B", 1, 500_000m), ("", 1, 300_000m)], sections);
        var classes = figures.GetProperty("byIpcClass").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("amount").GetDecimal());
        Assert.Equal(1_000_000m, classes["H01"]);
        Assert.Equal(900_000m, classes["H02"]); // the first patent's main code, not the second patent's G06F
        Assert.Equal(500_000m, classes["B22"]);
        Assert.False(classes.ContainsKey("G06"));
    }

    [Fact]
    public async Task A_pledged_patent_near_expiry_or_lapsed_raises_an_alert_naming_the_loan_and_its_bank_and_a_released_pledge_none()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var (watched, released, lapsing) = (NewId("LN"), NewId("LN"), NewId("LN"));
        var (soon, stillFar, releasedSoon, lapsed) = (NewId("P"), NewId("P"), NewId("P"), NewId("P"));
        PledgeRegistered Registered(string loan, params PledgeCollateral[] patents) =>
            new(loan, "org-xtrail", "org-cqbank", "重庆渝江银行股份有限公司", patents.Select(p => p.PatentId).ToList(), "Y2026000123", today, DateTimeOffset.UtcNow, patents);

        // The released loan is heard released before its registration: its timer finds no pledge.
        await api.Phase(new PledgeReleased(released, "org-xtrail", [releasedSoon], DateTimeOffset.UtcNow));
        await api.Phase(
            Registered(watched, Patent(soon, "H02M 7/48", today.AddDays(100)), Patent(stillFar, "H02M 7/48", today.AddDays(181 + 30))),
            Registered(released, Patent(releasedSoon, "H02M 7/48", today.AddDays(90))),
            Registered(lapsing, Patent(lapsed, "H02M 7/48", new DateOnly(2039, 3, 15))));

        // The Listing service: a legal status change takes the pledged patent out of force; a patent under no loan's pledge is nobody's alert.
        await api.Send(
            new PatentChanged(lapsed, "一种轨道车辆牵引变流器的控制方法", PatentType.Invention, "org-xtrail", false, new DateOnly(2039, 3, 15), "重庆渝江银行股份有限公司", lapsing, 7, DateTimeOffset.UtcNow),
            new PatentChanged(NewId("P"), "未质押的专利", PatentType.Invention, "org-xtrail", false, new DateOnly(2039, 3, 15), null, null, 3, DateTimeOffset.UtcNow));

        JsonElement[] expiring = [];
        await Eventually(async () => (expiring = (await api.Alerts(rule: "pledged-patent-expiring")).Where(a => a.GetProperty("loanId").GetString() is { } l && (l == watched || l == released)).ToArray()).Length > 0,
            "the pledged patent's expiry alert");
        var alert = Assert.Single(expiring);
        Assert.Equal(watched, alert.GetProperty("loanId").GetString());
        var evidence = alert.GetProperty("evidence");
        Assert.Equal(soon, evidence.GetProperty("patentId").GetString());
        Assert.Equal(100, evidence.GetProperty("daysLeft").GetInt32());
        Assert.Equal(180, evidence.GetProperty("thresholdDays").GetInt32());
        Assert.Equal("org-cqbank", evidence.GetProperty("bankOrganisationId").GetString());
        Assert.Contains("届满", alert.GetProperty("summary").GetString(), StringComparison.Ordinal);

        JsonElement[] lapses = [];
        await Eventually(async () => (lapses = (await api.Alerts(rule: "pledged-patent-lapsed")).Where(a => a.GetProperty("loanId").GetString() == lapsing).ToArray()).Length > 0,
            "the lapsed pledged patent's alert");
        Assert.Equal(lapsed, Assert.Single(lapses).GetProperty("evidence").GetProperty("patentId").GetString());

        // Every timer due has fired by now: the patent still far from expiry and the released loan's raised nothing.
        var store = api.Services.GetRequiredService<EventStore.EventStore>();
        await Eventually(async () =>
        {
            await using var cmd = store.DataSource.CreateCommand(store.Sql("SELECT count(*) FROM {schema}.timers WHERE kind = 'pledged-patent-expiry' AND due_at <= now() AND attempts = 0"));
            return (long)(await cmd.ExecuteScalarAsync())! == 0;
        }, "the expiry timers due to fire");
        Assert.DoesNotContain(await api.Alerts(rule: "pledged-patent-expiring"), a => a.GetProperty("loanId").GetString() == released);
        Assert.DoesNotContain(await api.Alerts(rule: "pledged-patent-expiring"), a => a.GetProperty("evidence").GetProperty("patentId").GetString() == stillFar);
    }
}
