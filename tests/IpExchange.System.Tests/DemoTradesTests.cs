using System.Text.Json;
using IpExchange.DemoTrades;
using Xunit.Abstractions;

namespace IpExchange.SystemTesting;

/// <summary>The whole system with one replica of every service, for the demo's trades.</summary>
public sealed class DemoTradesSystem() : RunningSystem(replicas: 1);

/// <summary>
/// The demo's trades (tools/IpExchange.DemoTrades, run by deploy/seed.sh) on a small subset of the
/// demo's listings: the demo universities' public listings as the Listing seed leaves them for
/// trading (exclusive, negotiated), made here through the API because the whole seed of ~150
/// listings would make the test slow; then the trader runs as deploy/seed.sh runs it, through the
/// gateway. Afterwards every reserved or sold listing has its deal in Matching and its agreement in
/// Contract, the cockpit's figures equal the services' counts, and a second run adds nothing.
/// </summary>
public sealed class DemoTradesTests(DemoTradesSystem fixture, ITestOutputHelper output) : IClassFixture<DemoTradesSystem>
{
    private ExchangeClient Client => fixture.Client;

    [Fact]
    public async Task The_demo_trades_give_every_reserved_and_sold_listing_its_deal_and_agreement_and_the_cockpit_agrees_with_the_services()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        try
        {
            await Trade(ct);
        }
        catch
        {
            output.WriteLine(fixture.System.LogTails());
            throw;
        }
    }

    private async Task Trade(CancellationToken ct)
    {
        // The subset: seven negotiated assignments, a listing transfer, an open licence and an auction:
        // every story of the trader's (the whole demo has fewer negotiable listings of the demo universities).
        var workload = new DealWorkload(Client);
        for (var i = 0; i < 7; i++)
        {
            await workload.Publish(DemoUsers.Universities[i % 2], DealWorkload.Terms("Assignment", "Negotiated", "Negotiated", 300_000m + (i * 10_000m)), ct);
        }

        await workload.Publish(DemoUsers.Universities[0], DealWorkload.Terms("Assignment", "Negotiated", "ListingTransfer", 250_000m), ct);
        var licence = DealWorkload.Terms("OpenLicence", "Negotiated", "ListingTransfer", 300_000m);
        licence["openLicenceFee"] = 20_000m;
        licence["openLicenceTerms"] = "普通许可，期限三年，按年付费";
        await workload.Publish(DemoUsers.Universities[0], licence, ct);
        var auction = DealWorkload.Terms("Assignment", "Auction", "Bidding", 500_000m);
        auction["reservePrice"] = 550_000m;
        await workload.Publish(DemoUsers.Universities[1], auction, ct);

        var log = new StringWriter();
        var trader = new DemoTrader(fixture.System.GatewayAddress, log);
        var started = DateTimeOffset.UtcNow;
        var made = await trader.Run(ct);
        output.WriteLine($"{log}trades made in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s: {made}");

        // Five negotiated deals (two completed, one paying, two waiting for signatures), two
        // negotiations waiting for an answer, the transfer (paying), two licences (one waiting for
        // signatures, one for the exchange's recording) and the auction's winner; the demo
        // enterprises' demands.
        Assert.Equal(new TradesMade(false, 9, 2, 2, 4), made);

        var deals = await CockpitFigures.Items(Client, "/api/deals", ct);
        var agreements = await CockpitFigures.Items(Client, "/api/agreements", ct);
        Assert.Equal(9, deals.Count);
        Assert.Equal(9, agreements.Count);
        Assert.Equal(2, (await Client.Get(DemoUsers.Exchange, "/api/offers/negotiations?status=Open", ct)).Expect(200, "negotiations").GetArrayLength());
        var byStatus = agreements.GroupBy(a => Text(a, "status")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, byStatus["Completed"]);
        Assert.Equal(2, byStatus["Effective"]);
        Assert.Equal(1, byStatus["SignedByBoth"]);
        Assert.Equal(4, byStatus["AwaitingSignatures"]);

        // No sold or reserved listing without its deal and agreement.
        var sold = await Listings("Sold", ct);
        var reserved = await Listings("Reserved", ct);
        Assert.Equal(2, sold.Count);
        Assert.Equal(5, reserved.Count);
        foreach (var (listings, dealStatus, agreementStatuses) in new[]
                 {
                     (sold, "Completed", new[] { "Completed" }),
                     (reserved, "Reserved", new[] { "AwaitingSignatures", "SignedByBoth", "Effective" }),
                 })
        {
            foreach (var listing in listings)
            {
                var deal = Assert.Single(deals, d => Text(d, "listingId") == listing);
                Assert.Equal(dealStatus, Text(deal, "status"));
                var agreement = Assert.Single(agreements, a => Text(a, "listingId") == listing);
                Assert.Equal(Text(deal, "dealId"), Text(agreement, "dealId"));
                Assert.Contains(Text(agreement, "status"), agreementStatuses);
            }
        }

        // The cockpit shows the same facts as the services.
        var (cockpit, owners) = await CockpitFigures.Agreeing(Client, ct);
        output.WriteLine(cockpit.ToString());
        Assert.Empty(CockpitFigures.Differences(cockpit, owners));
        var stages = CockpitFigures.Stages(cockpit.GetProperty("listings"));
        Assert.Equal(2, stages["Sold"]);
        Assert.Equal(5, stages["Reserved"]);
        Assert.Equal(9, cockpit.GetProperty("deals").GetProperty("total").GetInt64());

        // deploy/seed.sh run again: the demo users already trade, nothing is added.
        Assert.Equal(new TradesMade(true, 0, 0, 0, 0), await trader.Run(ct));
        Assert.Equal(9, (await CockpitFigures.Items(Client, "/api/deals", ct)).Count);
    }

    private async Task<List<string>> Listings(string status, CancellationToken ct) =>
        (await Client.Get(DemoUsers.Exchange, $"/api/listings?status={status}&pageSize=100", ct)).Expect(200, "listings")
        .GetProperty("items").EnumerateArray().Select(l => Text(l, "id")).ToList();

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;
}
