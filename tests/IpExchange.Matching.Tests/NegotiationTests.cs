using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>协议交易: offer, counter-offer, accept, reject, lapse, on the real servers; and what became of the deal.</summary>
[Collection("matching-api")]
public sealed class NegotiationTests(MatchingApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus, typeof(DealStruck));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    private Task<HttpResponseMessage> Open(Caller caller, string listingId, decimal price, object? schedule = null, DateTimeOffset? expiresAt = null) =>
        api.As(caller).PostAsJsonAsync("/api/offers/negotiations", new { listingId, price, schedule, note = "首轮报价 first offer", expiresAt });

    private async Task<string> Opened(Caller caller, string listingId, decimal price, DateTimeOffset? expiresAt = null)
    {
        var response = await Open(caller, listingId, price, expiresAt: expiresAt);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Body(response)).GetProperty("id").GetString()!;
    }

    private Task<HttpResponseMessage> Counter(Caller caller, string id, decimal price, object? schedule = null) =>
        api.As(caller).PostAsJsonAsync($"/api/offers/negotiations/{id}/counter-offers", new { price, schedule, note = "还价 counter" });

    private Task<HttpResponseMessage> Accept(Caller caller, string id) =>
        api.As(caller).PostAsync($"/api/offers/negotiations/{id}/acceptance", null);

    private static async Task<string?> Rule(HttpResponseMessage response) =>
        (await Body(response)).TryGetProperty("rule", out var rule) ? rule.GetString() : null;

    [Fact]
    public async Task An_offer_countered_by_the_seller_and_accepted_by_the_buyer_strikes_the_deal_at_the_counter_and_its_schedule()
    {
        var listing = await api.InCatalogue(Published("一种牵引变流器协议转让专利", ["H02M 7/48"], asking: 1_000_000m));
        var id = await Opened(Rail, listing.ListingId, 800_000m);

        Assert.Equal("offer.not-your-turn", await Rule(await Accept(Rail, id)));
        Assert.Equal("offer.not-your-turn", await Rule(await Counter(Rail, id, 820_000m)));
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        var countered = await Counter(Uni, id, 900_000m, new[] { new { name = "首付款", amount = 450_000m, dueOn = due }, new { name = "尾款", amount = 450_000m, dueOn = due.AddDays(60) } });
        Assert.Equal(HttpStatusCode.OK, countered.StatusCode);
        var view = await Body(countered);
        Assert.Equal("Buyer", view.GetProperty("turn").GetString());
        Assert.Equal(2, view.GetProperty("offers").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).GetAsync($"/api/offers/negotiations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Accept(Tools, id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Accept(Staff, id)).StatusCode);
        var staffView = await Body(await api.As(Staff).GetAsync($"/api/offers/negotiations/{id}"));
        Assert.Equal(900_000m, staffView.GetProperty("offers")[1].GetProperty("price").GetDecimal());

        var accepted = await Accept(Rail, id);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var done = await Body(accepted);
        Assert.Equal("Accepted", done.GetProperty("status").GetString());
        var dealId = done.GetProperty("dealId").GetString()!;

        await Eventually(() => Task.FromResult(_heard.OfType<DealStruck>().Any(d => d.DealId == dealId)), "DealStruck");
        var deal = _heard.OfType<DealStruck>().Single(d => d.DealId == dealId);
        Assert.Equal((listing.ListingId, "org-swrtu", "org-xtrail", 900_000m, TradingMode.Negotiated), (deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, deal.Price, deal.TradingMode));
        Assert.Equal([450_000m, 450_000m], deal.PaymentSchedule.Select(p => p.Amount));
        Assert.Equal(due.AddDays(60), deal.PaymentSchedule[1].DueOn);

        // The parties see the deal; nobody else does. A finished negotiation takes no more moves.
        var seen = await Body(await api.As(Uni).GetAsync($"/api/deals/{dealId}"));
        Assert.Equal(("Struck", "negotiation", 900_000m), (seen.GetProperty("status").GetString(), seen.GetProperty("source").GetString(), seen.GetProperty("price").GetDecimal()));
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).GetAsync($"/api/deals/{dealId}")).StatusCode);
        Assert.Equal("negotiation.ended", await Rule(await Counter(Uni, id, 950_000m)));
        var mine = await Body(await api.As(Rail).GetAsync($"/api/offers/negotiations?listingId={listing.ListingId}"));
        Assert.Equal("Accepted", Assert.Single(mine.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Either_side_may_break_off_and_only_one_negotiation_per_buyer_is_open_at_a_time()
    {
        var listing = await api.InCatalogue(Published("一种硬质合金刀具协议许可专利", ["C22C 29/08"], asking: 600_000m, kind: DealKind.NonExclusiveLicence));
        var id = await Opened(Tools, listing.ListingId, 300_000m);
        Assert.Equal("negotiation.already-open", await Rule(await Open(Tools, listing.ListingId, 310_000m)));

        var rejected = await api.As(Uni).PostAsJsonAsync($"/api/offers/negotiations/{id}/rejection", new { reason = "报价过低 / too low" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var view = await Body(rejected);
        Assert.Equal(("Rejected", "报价过低 / too low"), (view.GetProperty("status").GetString(), view.GetProperty("endReason").GetString()));
        Assert.Equal("negotiation.ended", await Rule(await Accept(Tools, id)));

        // Once ended, the buyer may start again.
        Assert.Equal(HttpStatusCode.Created, (await Open(Tools, listing.ListingId, 400_000m)).StatusCode);
    }

    [Fact]
    public async Task One_buyer_opening_four_negotiations_on_a_listing_at_once_gets_one()
    {
        var listing = await api.InCatalogue(Published("一种同一买方同时发起磋商的专利", ["H02M 1/32"], asking: 500_000m));
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Open(Rail, listing.ListingId, 400_000m + i)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("negotiation.already-open", await Rule(refused));
        }

        var mine = await Body(await api.As(Rail).GetAsync($"/api/offers/negotiations?listingId={listing.ListingId}"));
        Assert.Equal("Open", Assert.Single(mine.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unanswered_offer_lapses_at_its_expiry_from_the_durable_timer()
    {
        var listing = await api.InCatalogue(Published("一种航空发动机叶片协议转让专利", ["F01D 5/28"], asking: 2_000_000m));
        var id = await Opened(Rail, listing.ListingId, 1_500_000m, expiresAt: DateTimeOffset.UtcNow.AddSeconds(2));
        await Eventually(async () => (await Body(await api.As(Rail).GetAsync($"/api/offers/negotiations/{id}"))).GetProperty("status").GetString() == "Lapsed", "the offer to lapse");
        Assert.Equal("negotiation.ended", await Rule(await Accept(Uni, id)));
        var summary = await Body(await api.As(Uni).GetAsync($"/api/offers/negotiations?listingId={listing.ListingId}&status=Lapsed"));
        Assert.Equal(id, Assert.Single(summary.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Bad_offers_get_clear_errors_and_change_nothing()
    {
        var listing = await api.InCatalogue(Published("一种轨道车辆转向架协议转让专利", ["B61F 5/30"], asking: 900_000m));

        var negative = await Body(await Open(Rail, listing.ListingId, -5m));
        Assert.True(negative.GetProperty("errors").TryGetProperty("price", out _), negative.ToString());
        var schedule = await Body(await Open(Rail, listing.ListingId, 500_000m, new[] { new { name = "首付", amount = 100_000m, dueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5) } }));
        Assert.Contains("not the price", schedule.GetProperty("errors").GetProperty("schedule")[0].GetString(), StringComparison.Ordinal);
        var past = await Body(await Open(Rail, listing.ListingId, 500_000m, expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.True(past.GetProperty("errors").TryGetProperty("expiresAt", out _));
        var cents = await Body(await Open(Rail, listing.ListingId, 500_000.001m));
        Assert.Contains("two decimal", cents.GetProperty("errors").GetProperty("price")[0].GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await Open(Uni, listing.ListingId, 500_000m)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Open(Rail, "L-NO-SUCH", 500_000m)).StatusCode);
        var own = await api.InCatalogue(Published("一种企业自有的协议转让专利", ["B61F 5/30"], owner: Rail.OrganisationId));
        Assert.Equal("offer.own-listing", await Rule(await Open(Rail, own.ListingId, 500_000m)));
        var auctioned = await api.InCatalogue(Published("一种拍卖的专利", ["B61F 5/30"], pricing: PricingMethod.Auction));
        Assert.Equal("offer.not-negotiable", await Rule(await Open(Rail, auctioned.ListingId, 500_000m)));

        // Nothing was opened by any of these.
        var list = await Body(await api.As(Rail).GetAsync($"/api/offers/negotiations?listingId={listing.ListingId}"));
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task Alliance_listings_are_negotiated_by_members_only_and_directed_ones_by_the_named_enterprise()
    {
        var alliance = await api.InCatalogue(Published("一种联盟内交易的硬质合金专利", ["C22C 29/08"]) with
        {
            TradingMode = TradingMode.Alliance, AllianceId = "alliance-hard-materials", AllianceMemberIds = [Tools.OrganisationId],
        });
        Assert.Equal(HttpStatusCode.NotFound, (await Open(Rail, alliance.ListingId, 500_000m)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Open(Tools, alliance.ListingId, 500_000m)).StatusCode);

        var directed = await api.InCatalogue(Published("一种定向协议转让的专利", ["C22C 29/08"], directedTo: Rail.OrganisationId));
        Assert.Equal(HttpStatusCode.NotFound, (await Open(Tools, directed.ListingId, 500_000m)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Open(Rail, directed.ListingId, 500_000m)).StatusCode);
    }

    [Fact]
    public async Task Two_buyers_accepting_counters_on_one_exclusive_listing_at_once_strike_one_deal()
    {
        var listing = await api.InCatalogue(Published("一种两家企业同时成交的排他许可专利", ["H02M 1/32"], asking: 700_000m, kind: DealKind.SoleLicence));
        var (a, b) = (await Opened(Rail, listing.ListingId, 600_000m), await Opened(Tools, listing.ListingId, 610_000m));
        Assert.Equal(HttpStatusCode.OK, (await Counter(Uni, a, 650_000m)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Counter(Uni, b, 650_000m)).StatusCode);

        var answers = await Task.WhenAll(Accept(Rail, a), Accept(Tools, b));
        Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(answers, r => r.StatusCode == HttpStatusCode.UnprocessableEntity);
        Assert.Equal("offer.already-taken", await Rule(loser));
        // The deal book is the truth of how many deals were struck: one row, committed with its DealStruck.
        Assert.Equal(1, (await Body(await api.As(Staff).GetAsync($"/api/deals?listingId={listing.ListingId}"))).GetProperty("total").GetInt64());
        await Eventually(() => Task.FromResult(_heard.OfType<DealStruck>().Any(d => d.ListingId == listing.ListingId)), "DealStruck");
        Assert.Single(_heard.OfType<DealStruck>(), d => d.ListingId == listing.ListingId);
    }

    [Fact]
    public async Task A_refused_deal_shows_why_and_a_released_one_frees_the_listing_for_another_buyer()
    {
        var listing = await api.InCatalogue(Published("一种挂牌转让后被退回的专利", ["H01L 21/02"], asking: 300_000m, mode: TradingMode.ListingTransfer));
        var first = await Body(await api.As(Rail).PostAsJsonAsync("/api/offers/accept", new { listingId = listing.ListingId }));
        var dealId = first.GetProperty("dealId").GetString()!;
        Assert.Equal("offer.already-taken", await Rule(await api.As(Tools).PostAsJsonAsync("/api/offers/accept", new { listingId = listing.ListingId })));

        // The agreement failed: the Listing service reopens the listing for this deal.
        await api.Bus.Publish(new ListingReopened(listing.ListingId, dealId, "合同签署期限届满 / signing deadline passed", DateTimeOffset.UtcNow));
        await Eventually(async () => (await Body(await api.As(Rail).GetAsync($"/api/deals/{dealId}"))).GetProperty("status").GetString() == "Released", "the deal released");
        var second = await api.As(Tools).PostAsJsonAsync("/api/offers/accept", new { listingId = listing.ListingId });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondDeal = (await Body(second)).GetProperty("dealId").GetString()!;

        // The Listing service refuses the second deal: the buyer sees why.
        await api.Bus.Publish(new DealRefused(secondDeal, listing.ListingId, listing.OwnerOrganisationId, Tools.OrganisationId, "该挂牌已被保留 / the listing is reserved", DateTimeOffset.UtcNow));
        await Eventually(async () => (await Body(await api.As(Tools).GetAsync($"/api/deals/{secondDeal}"))).GetProperty("status").GetString() == "Refused", "the deal refused");
        var refused = await Body(await api.As(Tools).GetAsync($"/api/deals/{secondDeal}"));
        Assert.Equal("该挂牌已被保留 / the listing is reserved", refused.GetProperty("reason").GetString());
        var page = await Body(await api.As(Tools).GetAsync($"/api/deals?listingId={listing.ListingId}"));
        Assert.Equal(1, page.GetProperty("total").GetInt64());
        Assert.All(page.GetProperty("items").EnumerateArray(), d => Assert.Equal(Tools.OrganisationId, d.GetProperty("buyerOrganisationId").GetString()));
        var staffPage = await Body(await api.As(Staff).GetAsync($"/api/deals?listingId={listing.ListingId}"));
        Assert.Equal(2, staffPage.GetProperty("total").GetInt64());
    }
}
