using System.Net;
using IpExchange.Contracts;
using IpExchange.Monitoring.Alerts;
using IpExchange.Monitoring.Valuation;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>The estimate as a pure function: known comparables give a known range.</summary>
public sealed class ValuationRules
{
    private static readonly ValuationFeatures Features = new("F16H 1/00", DealKind.Assignment, PatentType.Invention, 10m, 10);

    private static Comparable C(string id, decimal price, decimal term = 10m, int claims = 10, string subclass = "F16H", string kind = "Assignment") =>
        new(id, subclass, subclass[..3], kind, "Invention", term, claims, price);

    [Fact]
    public void Weighted_quartiles_favour_the_comparables_closest_in_term_and_claims()
    {
        // Weights: a 1, b 1/2 (5 years apart), c 1/2 (10 claims apart), d 1/9 (10 years and 20 claims apart).
        var estimate = Valuation.Valuation.Of(Features, [C("a", 100_000m), C("b", 200_000m, term: 15m), C("c", 300_000m, claims: 20), C("d", 50_000m, term: 0m, claims: 30)]);

        Assert.Equal(4, estimate.Comparables);
        Assert.Equal("ipc-subclass", estimate.Basis);
        Assert.Equal(100_000m, estimate.Low);   // unweighted, the cheapest (d) would be the lower quartile
        Assert.Equal(100_000m, estimate.Mid);
        Assert.Equal(200_000m, estimate.High);
        Assert.Equal(0.2m, estimate.Confidence); // 4/10 × 1/(1 + 100000/100000)
        Assert.Equal("low", estimate.ConfidenceLevel);
        Assert.Equal(0.111111m, estimate.Used.Single(c => c.DealId == "d").Weight);
    }

    [Fact]
    public void Fewer_than_three_in_the_subclass_widen_to_the_class_and_other_kinds_never_count()
    {
        var estimate = Valuation.Valuation.Of(Features, [C("a", 100_000m), C("b", 120_000m), C("k", 130_000m, subclass: "F16K"), C("l", 9_000_000m, kind: "NonExclusiveLicence")]);
        Assert.Equal("ipc-class", estimate.Basis);
        Assert.Equal(3, estimate.Comparables);
        Assert.Equal(120_000m, estimate.Mid);

        var none = Valuation.Valuation.Of(Features, [C("x", 100_000m, subclass: "B61L")]);
        Assert.Equal(0, none.Comparables);
        Assert.Null(none.Mid);
        Assert.Equal("none", none.ConfidenceLevel);
    }

    [Fact]
    public void Many_tight_comparables_give_high_confidence()
    {
        var estimate = Valuation.Valuation.Of(Features, Enumerable.Range(0, 12).Select(i => C($"c{i}", 1_000_000m + (i * 10_000m))));
        Assert.Equal(12, estimate.Comparables);
        Assert.Equal("high", estimate.ConfidenceLevel);
        Assert.True(estimate.Low < estimate.Mid && estimate.Mid < estimate.High);
    }

    [Fact]
    public void Price_deviation_is_far_only_above_the_threshold()
    {
        Assert.Equal(0.3m, AlertRules.Deviation(1_300_000m, 1_000_000m));
        Assert.Equal(0.3001m, AlertRules.Deviation(1_300_100m, 1_000_000m));
        Assert.Equal(0.5m, AlertRules.Deviation(500_000m, 1_000_000m));
    }
}

/// <summary>Valuation over the real bus: completed deals become comparables; owners see their listing's range; the price alert uses it.</summary>
[Collection("monitoring-api")]
public sealed class ValuationApiTests(MonitoringApi api)
{
    [Fact]
    public async Task Completed_deals_value_a_listing_for_its_owner_and_a_price_far_from_the_valuation_is_raised()
    {
        var now = DateTimeOffset.UtcNow;
        var tenYears = DateOnly.FromDateTime(now.UtcDateTime).AddDays(3652);
        var sold = new[] { 100_000m, 200_000m, 300_000m, 400_000m }
            .Select(p => Listing("F16H 1/00", p, expiresOn: tenYears, owner: "org-xjhm", region: "湖南")).ToArray();
        var licence = Listing("F16H 1/00", 5_000_000m, DealKind.NonExclusiveLicence, expiresOn: tenYears);
        await api.Phase([.. sold, licence]);
        var deals = sold.Select(l => Deal(l, at: now.AddDays(-30))).Append(Deal(licence, at: now.AddDays(-30))).ToArray();
        await api.Phase(deals);
        await api.Phase(deals.Select(d => (object)Completed(d, now.AddMinutes(-5))).ToArray());

        var mine = Listing("F16H 3/00", 250_000m, expiresOn: tenYears);
        await api.Phase(mine);
        var valuation = await api.Get(Uni, $"/api/valuations/listings/{mine.ListingId}");
        var estimate = valuation.GetProperty("estimate");
        Assert.Equal(4, estimate.GetProperty("comparables").GetInt32());
        Assert.Equal("ipc-subclass", estimate.GetProperty("basis").GetString());
        Assert.Equal(100_000m, estimate.GetProperty("low").GetDecimal());
        Assert.Equal(200_000m, estimate.GetProperty("mid").GetDecimal());
        Assert.Equal(300_000m, estimate.GetProperty("high").GetDecimal());
        Assert.Equal(0.2m, estimate.GetProperty("confidence").GetDecimal());
        Assert.Equal(4, estimate.GetProperty("used").GetArrayLength());

        Assert.Equal(HttpStatusCode.OK, (await api.As(Staff).GetAsync($"/api/valuations/listings/{mine.ListingId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(OtherUni).GetAsync($"/api/valuations/listings/{mine.ListingId}")).StatusCode);

        var draft = await api.As(OtherUni).PostAsJsonAsync("/api/valuations", new { ipcCode = "F16H 9/00", dealKind = "Assignment", patentType = "Invention", remainingTermYears = 10, claimsCount = 10 });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Equal(200_000m, (await Body(draft)).GetProperty("estimate").GetProperty("mid").GetDecimal());

        // A deal kind is read by name by the JSON policy: an unknown one is refused with the names allowed.
        var gift = await api.As(OtherUni).PostAsJsonAsync("/api/valuations", new { ipcCode = "F16H 9/00", dealKind = "Gift", patentType = "Invention", remainingTermYears = 10, claimsCount = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, gift.StatusCode);
        Assert.Equal("json.not-allowed-value", (await Body(gift)).GetProperty("codes").GetProperty("dealKind")[0].GetProperty("code").GetString());

        var bad = await api.As(OtherUni).PostAsJsonAsync("/api/valuations", new { ipcCode = "专利", dealKind = "Assignment", patentType = "Invention", remainingTermYears = 30, claimsCount = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var codes = (await Body(bad)).GetProperty("codes");
        Assert.Equal("ipc.invalid", codes.GetProperty("ipcCode")[0].GetProperty("code").GetString());
        Assert.Equal("number.out-of-range", codes.GetProperty("remainingTermYears")[0].GetProperty("code").GetString());
        Assert.Equal(20, codes.GetProperty("remainingTermYears")[0].GetProperty("max").GetDecimal());
        Assert.Equal("number.out-of-range", codes.GetProperty("claimsCount")[0].GetProperty("code").GetString());

        // At the asking price, but three times the valuation: raised. 30 % above it: not.
        var dear = Listing("F16H 5/00", 600_000m, expiresOn: tenYears);
        var fair = Listing("F16H 5/00", 260_000m, expiresOn: tenYears);
        await api.Phase(dear, fair);
        var (dearDeal, fairDeal) = (Deal(dear), Deal(fair));
        await api.Phase(dearDeal, fairDeal);
        await Eventually(async () => (await api.Alerts(dearDeal.DealId, AlertRules.PriceVsValuation)).Length == 1, "the valuation alert");
        var evidence = (await api.Alerts(dearDeal.DealId, AlertRules.PriceVsValuation)).Single().GetProperty("evidence");
        Assert.Equal(200_000m, evidence.GetProperty("valuation").GetDecimal());
        Assert.Equal(4, evidence.GetProperty("comparables").GetInt32());
        Assert.Equal(2m, evidence.GetProperty("deviation").GetDecimal());
        Assert.Empty(await api.Alerts(dearDeal.DealId, AlertRules.PriceVsAsking));
        Assert.Empty(await api.Alerts(fairDeal.DealId));
    }
}

/// <summary>The bid rules as pure functions: bids heard in any order.</summary>
public sealed class BidRules
{
    private static readonly DateTimeOffset T = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private static AuctionBidAcceptedFor At(int seconds, string org = "org-a", string? group = null) => new(seconds, org, group);

    private sealed record AuctionBidAcceptedFor(int Seconds, string Org, string? Group)
    {
        public Contracts.Auctions.AuctionBidAccepted Bid => new("AU-1", "L-1", Org, Group, 1_000m, T.AddSeconds(Seconds), T.AddHours(1));

        public EarlierBid Earlier => new(Org, Group, T.AddSeconds(Seconds), Guid.NewGuid());
    }

    [Fact]
    public void A_burst_is_found_whichever_bid_is_heard_last()
    {
        var seconds = new[] { 0, 12, 24, 36, 48 };
        foreach (var last in seconds)
        {
            var earlier = seconds.Where(s => s != last).Select(s => At(s).Earlier).ToList();
            var findings = AlertRules.ForBid(At(last).Bid, Guid.NewGuid(), earlier, new AlertOptions()).ToList();
            Assert.Equal(5, Assert.Single(findings, f => f.Rule == AlertRules.BidBurst).Evidence["bids"]);
        }
    }

    [Fact]
    public void Four_bids_in_any_minute_are_not_a_burst()
    {
        var seconds = new[] { 0, 10, 20, 30, 70 };
        foreach (var last in seconds)
        {
            var earlier = seconds.Where(s => s != last).Select(s => At(s).Earlier).ToList();
            Assert.Empty(AlertRules.ForBid(At(last).Bid, Guid.NewGuid(), earlier, new AlertOptions()));
        }
    }

    [Fact]
    public void The_same_organisation_twice_is_not_a_group()
    {
        var earlier = new List<EarlierBid> { At(0, "org-a", "G").Earlier, At(100, "org-b", "H").Earlier };
        Assert.Empty(AlertRules.ForBid(At(200, "org-a", "G").Bid, null, earlier, new AlertOptions()));
        Assert.Single(AlertRules.ForBid(At(200, "org-c", "G").Bid, null, earlier, new AlertOptions()), f => f.Rule == AlertRules.SameGroupBidders);
    }
}
