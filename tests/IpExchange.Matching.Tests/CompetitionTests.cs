using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>竞争性谈判: sealed offers until the deadline, visible only to each bidder and the exchange; then the seller picks one.</summary>
[Collection("matching-api")]
public sealed class CompetitionTests(MatchingApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus, typeof(DealStruck));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    private Task<HttpResponseMessage> Open(Caller caller, string listingId, DateTimeOffset deadline, decimal? minimumPrice = null) =>
        api.As(caller).PostAsJsonAsync("/api/offers/competitions", new { listingId, deadline, minimumPrice });

    private Task<HttpResponseMessage> Submit(Caller caller, string id, decimal price) =>
        Replace(api.As(caller), $"/api/offers/competitions/{id}/offers/mine", new { price, note = $"{caller.OrganisationName}的密封报价" }, $"/api/offers/competitions/{id}");

    private async Task<System.Text.Json.JsonElement> View(Caller caller, string id) => await Body(await api.As(caller).GetAsync($"/api/offers/competitions/{id}"));

    private static async Task<string?> Rule(HttpResponseMessage response) =>
        (await Body(response)).TryGetProperty("rule", out var rule) ? rule.GetString() : null;

    private static decimal[] Prices(System.Text.Json.JsonElement view) =>
        [.. view.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("price").GetDecimal()).Order()];

    [Fact]
    public async Task Sealed_offers_are_seen_only_by_their_bidder_and_the_exchange_until_the_deadline_then_the_seller_picks_one()
    {
        var listing = await api.InCatalogue(Published("一种竞争性谈判转让的变流器专利", ["H02M 7/48"], asking: 800_000m, pricing: PricingMethod.CompetitiveNegotiation));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(6);
        var opened = await Open(Uni, listing.ListingId, deadline, minimumPrice: 500_000m);
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var id = (await Body(opened)).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await Submit(Rail, id, 700_000m)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Submit(Tools, id, 650_000m)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Submit(Rail, id, 720_000m)).StatusCode); // replaces its own
        Assert.Equal("competition.below-minimum", await Rule(await Submit(Tools, id, 400_000m)));

        var rail = await View(Rail, id);
        Assert.Equal([720_000m], Prices(rail));
        Assert.True(rail.GetProperty("offersSealed").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rail.GetProperty("offerCount").ValueKind);
        Assert.Equal([650_000m], Prices(await View(Tools, id)));
        var seller = await View(Uni, id);
        Assert.Empty(Prices(seller));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, seller.GetProperty("offerCount").ValueKind);
        var staff = await View(Staff, id);
        Assert.Equal([650_000m, 720_000m], Prices(staff));
        Assert.Equal(2, staff.GetProperty("offerCount").GetInt32());

        Assert.Equal("competition.still-open", await Rule(await api.As(Uni).PostAsJsonAsync($"/api/offers/competitions/{id}/award", new { bidderOrganisationId = Tools.OrganisationId })));

        // The deadline passes: the timer closes the round; late offers are refused by the server's clock.
        await Eventually(async () => (await View(Uni, id)).GetProperty("status").GetString() == "Closed", "submissions to close at the deadline");
        Assert.Equal("competition.closed", await Rule(await Submit(Rail, id, 900_000m)));
        Assert.Equal([650_000m, 720_000m], Prices(await View(Uni, id)));
        Assert.Equal([720_000m], Prices(await View(Rail, id)));

        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Tools).PostAsJsonAsync($"/api/offers/competitions/{id}/award", new { bidderOrganisationId = Tools.OrganisationId })).StatusCode);
        var bad = await Body(await api.As(Uni).PostAsJsonAsync($"/api/offers/competitions/{id}/award", new { bidderOrganisationId = "org-nobody" }));
        Assert.True(bad.GetProperty("errors").TryGetProperty("bidderOrganisationId", out _));

        // The seller may weigh more than the price: it picks the lower offer.
        var awarded = await api.As(Uni).PostAsJsonAsync($"/api/offers/competitions/{id}/award", new { bidderOrganisationId = Tools.OrganisationId });
        Assert.True(awarded.StatusCode == HttpStatusCode.OK, await awarded.Content.ReadAsStringAsync());
        var dealId = (await Body(awarded)).GetProperty("dealId").GetString()!;
        await Eventually(() => Task.FromResult(_heard.OfType<DealStruck>().Any(d => d.DealId == dealId)), "DealStruck");
        var deal = _heard.OfType<DealStruck>().Single(d => d.DealId == dealId);
        Assert.Equal((Tools.OrganisationId, 650_000m, PricingMethod.CompetitiveNegotiation), (deal.BuyerOrganisationId, deal.Price, deal.PricingMethod));

        Assert.Equal(Tools.OrganisationId, (await View(Tools, id)).GetProperty("awardedTo").GetString());
        var loser = await View(Rail, id);
        Assert.Equal(("Awarded", System.Text.Json.JsonValueKind.Null), (loser.GetProperty("status").GetString(), loser.GetProperty("awardedTo").ValueKind));
        Assert.Equal("competition.ended", await Rule(await api.As(Uni).PostAsJsonAsync($"/api/offers/competitions/{id}/award", new { bidderOrganisationId = Rail.OrganisationId })));
    }

    [Fact]
    public async Task A_round_without_offers_ends_by_itself_and_only_the_owner_or_the_exchange_opens_one_at_a_time()
    {
        var listing = await api.InCatalogue(Published("一种竞争性谈判的刀具专利", ["B23B 27/14"], pricing: PricingMethod.CompetitiveNegotiation));
        Assert.Equal(HttpStatusCode.Forbidden, (await Open(Rail, listing.ListingId, DateTimeOffset.UtcNow.AddDays(1))).StatusCode);
        var badDeadline = await Body(await Open(Uni, listing.ListingId, DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.True(badDeadline.GetProperty("errors").TryGetProperty("deadline", out _));
        var negotiated = await api.InCatalogue(Published("一种协议定价的刀具专利", ["B23B 27/14"]));
        Assert.Equal("competition.not-competitive", await Rule(await Open(Uni, negotiated.ListingId, DateTimeOffset.UtcNow.AddDays(1))));

        var opened = await Open(Staff, listing.ListingId, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await Body(opened)).GetProperty("id").GetString()!;
        Assert.Equal("competition.already-running", await Rule(await Open(Uni, listing.ListingId, DateTimeOffset.UtcNow.AddDays(1))));

        await Eventually(async () => (await View(Uni, id)).GetProperty("status").GetString() == "Ended", "the empty round to end");
        var list = await Body(await api.As(Rail).GetAsync($"/api/offers/competitions?listingId={listing.ListingId}"));
        Assert.Equal("Ended", Assert.Single(list.EnumerateArray()).GetProperty("status").GetString());
        // Ended, a new round may be opened.
        Assert.Equal(HttpStatusCode.Created, (await Open(Uni, listing.ListingId, DateTimeOffset.UtcNow.AddDays(1))).StatusCode);
    }

    [Fact]
    public async Task Rounds_opened_at_once_on_one_listing_leave_one_running()
    {
        var listing = await api.InCatalogue(Published("一种同时开启竞争性谈判的专利", ["B23B 27/14"], pricing: PricingMethod.CompetitiveNegotiation));
        var answers = await Task.WhenAll(Open(Uni, listing.ListingId, DateTimeOffset.UtcNow.AddDays(1)), Open(Staff, listing.ListingId, DateTimeOffset.UtcNow.AddDays(2)),
            Open(Uni, listing.ListingId, DateTimeOffset.UtcNow.AddDays(3)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal("competition.already-running", await Rule(refused));
        }

        var list = await Body(await api.As(Rail).GetAsync($"/api/offers/competitions?listingId={listing.ListingId}"));
        Assert.Equal("Open", Assert.Single(list.EnumerateArray()).GetProperty("status").GetString());
    }
}
