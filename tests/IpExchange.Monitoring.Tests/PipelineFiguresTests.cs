using System.Net;
using System.Text.Json;
using IpExchange.Contracts.Listings;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>
/// The cockpit's figures of a realistic run of trading, fed through the real RabbitMQ. The run lies
/// in a period of its own (2001), which the queries select, so other tests' facts do not count.
/// </summary>
[Collection("monitoring-api")]
public sealed class PipelineFiguresTests(MonitoringApi api)
{
    [Fact]
    public async Task A_run_of_trading_gives_counts_amounts_conversion_and_stage_times()
    {
        var week = new TradingWeek(new DateTimeOffset(2001, 3, 10, 8, 0, 0, TimeSpan.Zero));
        await week.Feed(api);
        // The third deal was signed and never recorded: long past its recording deadline, it is stuck.
        await Eventually(async () => (await api.Get(Staff, $"/api/cockpit/summary?{week.Period}")).GetProperty("deals").GetProperty("stuck").GetInt64() == 1, "the stuck deal");
        Assert.True((await api.Deal(week.D3.DealId))!.Value.GetProperty("stuck").GetBoolean());

        var summary = await api.Get(Staff, $"/api/cockpit/summary?{week.Period}");
        var listings = summary.GetProperty("listings");
        Assert.Equal(5, listings.GetProperty("total").GetInt64());
        Assert.Equal(new Dictionary<string, (long, decimal)>
        {
            ["Submitted"] = (0, 0m), ["Rejected"] = (0, 0m), ["Public"] = (2, 2_800_000m), ["Reserved"] = (1, 500_000m), ["Sold"] = (1, 1_000_000m), ["Withdrawn"] = (1, 300_000m), ["Expired"] = (0, 0m),
        }, ByStage(listings));

        var deals = summary.GetProperty("deals");
        Assert.Equal(4, deals.GetProperty("total").GetInt64());
        Assert.Equal(2_350_000m, deals.GetProperty("amount").GetDecimal());
        Assert.Equal(2, deals.GetProperty("completed").GetInt64());
        Assert.Equal(1_900_000m, deals.GetProperty("completedAmount").GetDecimal());
        Assert.Equal(1, deals.GetProperty("stuck").GetInt64());
        var dealStages = ByStage(deals);
        Assert.Equal((2, 1_900_000m), dealStages["Completed"]);
        Assert.Equal((1, 1_900_000m), dealStages["Cancelled"]);
        Assert.Equal((1, 450_000m), dealStages["Signed"]);
        Assert.Equal((0, 0m), dealStages["Struck"]);

        var conversion = summary.GetProperty("conversion");
        Assert.Equal(5, conversion.GetProperty("listed").GetInt64());
        Assert.Equal(4, conversion.GetProperty("withDeal").GetInt64());
        Assert.Equal(2, conversion.GetProperty("completed").GetInt64());
        Assert.Equal(0.8m, conversion.GetProperty("listingToDeal").GetDecimal());
        Assert.Equal(0.5m, conversion.GetProperty("dealToCompleted").GetDecimal());
        Assert.Equal(0.4m, conversion.GetProperty("listingToCompleted").GetDecimal());

        var times = summary.GetProperty("stageTimes").EnumerateArray().ToDictionary(
            t => t.GetProperty("stage").GetString()!, t => (t.GetProperty("deals").GetInt64(), t.GetProperty("averageHours").GetDecimal(), t.GetProperty("maxHours").GetDecimal()));
        Assert.Equal((4, 0.88m, 1m), times["Struck"]);      // 1, 1, 0.5, 1 hours
        Assert.Equal((4, 0.88m, 1m), times["Drafted"]);     // 1, 1 (then cancelled), 1, 0.5
        Assert.Equal((2, 0.75m, 1m), times["Signed"]);      // 1, 0.5; the third deal is still signed
        Assert.Equal((2, 0.5m, 0.5m), times["Recorded"]);
        Assert.Equal((1, 0.5m, 0.5m), times["Paying"]);

        var region = await Breakdown("region", week);
        Assert.Equal((2L, 3_000_000m, 1L, 1_100_000m, 1L, 1_100_000m), region["四川"]);
        Assert.Equal((3L, 1_600_000m, 2L, 1_250_000m, 1L, 800_000m), region["湖南"]);

        var ipc = await Breakdown("ipc-section", week);
        Assert.Equal((1L, 1_000_000m, 1L, 1_100_000m, 1L, 1_100_000m), ipc["B"]);
        Assert.Equal((2L, 2_300_000m, 0L, 0m, 0L, 0m), ipc["H"]);
        Assert.Equal((2L, 1_300_000m, 2L, 1_250_000m, 1L, 800_000m), ipc["C"]);

        var institutions = await Api("institution", week);
        var xjhm = institutions.Single(r => r.GetProperty("key").GetString() == "org-xjhm");
        Assert.Equal("湘江化工材料研究院", xjhm.GetProperty("name").GetString());
        Assert.Equal(3, xjhm.GetProperty("listings").GetInt64());

        var enterprises = await Breakdown("enterprise", week);
        Assert.Equal((0L, 0m, 2L, 1_900_000m, 2L, 1_900_000m), enterprises["org-xtrail"]);
        Assert.Equal((0L, 0m, 1L, 450_000m, 0L, 0m), enterprises["org-ljtool"]);
        Assert.Equal((0L, 0m, 0L, 0m, 0L, 0m), enterprises["org-xtsemi"]);

        var months = await Breakdown("month", week);
        Assert.Equal("2001-03", Assert.Single(months).Key);
        Assert.Equal((5L, 4_600_000m, 3L, 2_350_000m, 2L, 1_900_000m), months["2001-03"]);

        // A period that ends before the run holds nothing.
        var before = await api.Get(Staff, $"/api/cockpit/summary?to={Uri.EscapeDataString(week.T.AddDays(-1).ToString("O"))}");
        Assert.Equal(0, before.GetProperty("listings").GetProperty("total").GetInt64());
        Assert.Equal(0, before.GetProperty("deals").GetProperty("total").GetInt64());

        var completed = (await api.Get(Staff, "/api/cockpit/deals?stage=Completed")).EnumerateArray().ToList();
        Assert.Contains(completed, d => d.GetProperty("dealId").GetString() == week.D4.DealId);
        var d1 = completed.Single(d => d.GetProperty("dealId").GetString() == week.D1.DealId);
        Assert.Equal(["Struck", "Drafted", "Signed", "Recorded", "Paying", "Completed"], d1.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        Assert.Equal("西南轨道交通大学", d1.GetProperty("sellerName").GetString());
    }

    [Fact]
    public async Task Listings_in_review_count_as_submitted_or_rejected_until_they_go_public()
    {
        var t = new DateTimeOffset(2005, 5, 20, 2, 0, 0, TimeSpan.Zero);
        var period = $"from={Uri.EscapeDataString(t.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(t.AddDays(1).ToString("O"))}";
        var (approved, rejected, waiting) = (Listing(asking: 100_000m, at: t.AddHours(2)), Listing(asking: 200_000m), Listing(asking: 400_000m));
        await api.Phase(Submitted(approved, t), Submitted(rejected, t), Submitted(waiting, t));
        await api.Phase(approved, new ListingRejected(rejected.ListingId, rejected.OwnerOrganisationId, ["评估报告缺失 appraisal missing"], t.AddHours(1)));

        var stages = ByStage((await api.Get(Staff, $"/api/cockpit/summary?{period}")).GetProperty("listings"));
        Assert.Equal((1, 400_000m), stages["Submitted"]);
        Assert.Equal((1, 200_000m), stages["Rejected"]);
        Assert.Equal((1, 100_000m), stages["Public"]);

        // Corrected and submitted again: back in review.
        await api.Phase(Submitted(rejected, t.AddHours(3)));
        stages = ByStage((await api.Get(Staff, $"/api/cockpit/summary?{period}")).GetProperty("listings"));
        Assert.Equal((2, 600_000m), stages["Submitted"]);
        Assert.Equal((0, 0m), stages["Rejected"]);
    }

    [Fact]
    public async Task A_listings_and_a_deals_facts_heard_in_reverse_order_give_the_figures_of_the_same_facts_in_order()
    {
        // The same history twice, a month apart: once in the order it happened, once newest first.
        var (inOrder, reversed) = (new DateTimeOffset(2007, 9, 3, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2007, 10, 8, 8, 0, 0, TimeSpan.Zero));
        foreach (var fact in History(inOrder))
        {
            await api.Phase(fact);
        }

        // One at a time, each kept before the next is sent: the cockpit hears them in exactly reverse order. The
        // publication comes before its submission, and the deal's agreement, payment and completion before DealStruck.
        foreach (var fact in History(reversed).Reverse())
        {
            await api.Phase(fact);
        }

        await api.DeadlinesPassed();
        var expected = await api.Get(Staff, $"/api/cockpit/summary?{Day(inOrder)}");
        var summary = await api.Get(Staff, $"/api/cockpit/summary?{Day(reversed)}");
        foreach (var part in new[] { "listings", "deals", "conversion", "stageTimes" })
        {
            Assert.Equal(expected.GetProperty(part).GetRawText(), summary.GetProperty(part).GetRawText());
        }

        var listings = summary.GetProperty("listings");
        Assert.Equal(1, listings.GetProperty("total").GetInt64());
        var listingStages = ByStage(listings);
        Assert.Equal((0, 0m), listingStages["Submitted"]); // published: no longer in review, whichever was heard first
        Assert.Equal((1, 1_200_000m), listingStages["Sold"]);

        var deals = summary.GetProperty("deals");
        Assert.Equal(1, deals.GetProperty("total").GetInt64());
        Assert.Equal((1, 1_150_000m), ByStage(deals)["Completed"]);
        Assert.Equal(1_150_000m, deals.GetProperty("completedAmount").GetDecimal());
        Assert.Equal(0, deals.GetProperty("stuck").GetInt64());
        var conversion = summary.GetProperty("conversion");
        Assert.Equal((1L, 1L, 1L), (conversion.GetProperty("listed").GetInt64(), conversion.GetProperty("withDeal").GetInt64(), conversion.GetProperty("completed").GetInt64()));
        Assert.All(summary.GetProperty("stageTimes").EnumerateArray(), t => Assert.Equal((1L, 1m), (t.GetProperty("deals").GetInt64(), t.GetProperty("averageHours").GetDecimal())));
        Assert.Equal(["Struck", "Drafted", "Signed", "Recorded", "Paying"], summary.GetProperty("stageTimes").EnumerateArray().Select(t => t.GetProperty("stage").GetString()));
    }

    /// <summary>A listing submitted, published, struck, reserved, drafted, signed, recorded, paid, completed and sold, an hour apart.</summary>
    private static object[] History(DateTimeOffset t)
    {
        // An IPC class of its own: these completed deals must not become comparables in the other tests' valuations.
        var listing = Listing("A01B 1/00", 1_200_000m, at: t);
        var deal = Deal(listing, price: 1_150_000m, at: t.AddHours(2));
        return
        [
            Submitted(listing, t.AddHours(-2)), listing, deal, new ListingReserved(listing.ListingId, deal.DealId, deal.BuyerOrganisationId, t.AddHours(2.5)),
            Drafted(deal, t.AddHours(3)), SignedBy(deal, deal.BuyerOrganisationId, true, t.AddHours(4)), Recorded(deal, t.AddHours(5)),
            Paid(deal, 1_150_000m, 0m, t.AddHours(6)), Completed(deal, t.AddHours(7)), new ListingSold(listing.ListingId, deal.DealId, deal.BuyerOrganisationId, t.AddHours(7)),
        ];
    }

    private static string Day(DateTimeOffset t) => $"from={Uri.EscapeDataString(t.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(t.AddDays(1).ToString("O"))}";

    private static ListingSubmitted Submitted(ListingPublished listing, DateTimeOffset at) =>
        new(listing.ListingId, listing.OwnerOrganisationId, listing.OwnerOrganisationName, listing.Region, listing.Title, listing.DealKind, listing.AskingPrice,
            listing.Patents.SelectMany(p => p.IpcCodes).ToList(), at);

    [Fact]
    public async Task Bad_queries_are_400_with_the_field_and_only_exchange_staff_see_the_cockpit()
    {
        var bad = await api.As(Staff).GetAsync("/api/cockpit/breakdown?by=colour");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await Body(bad)).GetProperty("errors").TryGetProperty("by", out _));

        var backwards = await api.As(Staff).GetAsync("/api/cockpit/summary?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.True((await Body(backwards)).GetProperty("errors").TryGetProperty("to", out _));

        Assert.Equal(HttpStatusCode.BadRequest, (await api.As(Staff).GetAsync("/api/cockpit/deals?stage=Nowhere")).StatusCode);

        foreach (var path in new[] { "/api/cockpit/summary", "/api/cockpit/breakdown?by=region", "/api/cockpit/deals", "/api/audit/deals/x", "/api/alerts", "/api/cockpit/live" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Uni).GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Rail).GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.As(null).GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Uni).PostAsync("/api/cockpit/rebuild", null)).StatusCode);
    }

    private static Dictionary<string, (long, decimal)> ByStage(JsonElement figures) =>
        figures.GetProperty("byStage").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => (s.GetProperty("count").GetInt64(), s.GetProperty("amount").GetDecimal()));

    private async Task<List<JsonElement>> Api(string by, TradingWeek week) => (await api.Get(Staff, $"/api/cockpit/breakdown?by={by}&{week.Period}")).GetProperty("rows").EnumerateArray().ToList();

    private async Task<Dictionary<string, (long, decimal, long, decimal, long, decimal)>> Breakdown(string by, TradingWeek week) =>
        (await Api(by, week)).ToDictionary(r => r.GetProperty("key").GetString()!, r => (
            r.GetProperty("listings").GetInt64(), r.GetProperty("askingAmount").GetDecimal(), r.GetProperty("deals").GetInt64(),
            r.GetProperty("dealAmount").GetDecimal(), r.GetProperty("completed").GetInt64(), r.GetProperty("completedAmount").GetDecimal()));
}
