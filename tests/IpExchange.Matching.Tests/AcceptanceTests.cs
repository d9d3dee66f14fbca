using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>Taking a listing at its price: listing transfer, open licence, directed deal.</summary>
[Collection("matching-api")]
public sealed class AcceptanceTests(MatchingApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus, typeof(DealStruck));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    private Task<HttpResponseMessage> Accept(Caller caller, string listingId) =>
        api.As(caller).PostAsJsonAsync("/api/offers/accept", new { listingId });

    [Fact]
    public async Task Two_enterprises_racing_for_a_listing_transfer_one_wins_and_one_deal_is_struck()
    {
        var listing = await api.InCatalogue(Published("一种挂牌转让的硬质合金涂层专利", ["C22C 29/08"], asking: 800_000m, mode: TradingMode.ListingTransfer));
        var answers = await Task.WhenAll(Accept(Rail, listing.ListingId), Accept(Tools, listing.ListingId));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.UnprocessableEntity);
        Assert.Equal("offer.already-taken", (await Body(loser)).GetProperty("rule").GetString());

        // The deal book is the truth of how many deals were struck: one row, committed with its DealStruck.
        var book = await Body(await api.As(Staff).GetAsync($"/api/deals?listingId={listing.ListingId}"));
        Assert.Equal(1, book.GetProperty("total").GetInt64());
        await Eventually(() => Task.FromResult(_heard.OfType<DealStruck>().Any(d => d.ListingId == listing.ListingId)), "DealStruck");
        var deal = Assert.Single(_heard.OfType<DealStruck>(), d => d.ListingId == listing.ListingId);
        Assert.Equal(800_000m, deal.Price);
        Assert.Equal(TradingMode.ListingTransfer, deal.TradingMode);
        Assert.Equal(listing.OwnerOrganisationId, deal.SellerOrganisationId);
    }

    [Fact]
    public async Task An_open_licence_is_taken_by_many_at_its_fee_but_once_by_each()
    {
        var listing = await api.InCatalogue(Published("一种开放许可的牵引变流器控制专利", ["H02M 7/48"], asking: 500_000m, kind: DealKind.OpenLicence,
            mode: TradingMode.ListingTransfer, fee: 30_000m));
        Assert.Equal(HttpStatusCode.Created, (await Accept(Rail, listing.ListingId)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Accept(Tools, listing.ListingId)).StatusCode);
        Assert.Equal("offer.already-licensed", (await Body(await Accept(Rail, listing.ListingId))).GetProperty("rule").GetString());
        await Eventually(() => Task.FromResult(_heard.OfType<DealStruck>().Count(d => d.ListingId == listing.ListingId) == 2), "two licences struck");
        Assert.All(_heard.OfType<DealStruck>().Where(d => d.ListingId == listing.ListingId), d => Assert.Equal(30_000m, d.Price));
    }

    [Fact]
    public async Task Only_the_named_enterprise_takes_a_directed_listing_and_negotiated_ones_are_not_taken_at_a_price()
    {
        var directed = await api.InCatalogue(Published("一种定向转让的刀具涂层专利", ["C23C 14/06"], directedTo: Tools.OrganisationId, pricing: PricingMethod.Appraisal));
        Assert.Equal("offer.directed-elsewhere", (await Body(await Accept(Rail, directed.ListingId))).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Created, (await Accept(Tools, directed.ListingId)).StatusCode);

        var negotiated = await api.InCatalogue(Published("一种协议定价的专利", ["H02M 1/32"]));
        Assert.Equal("offer.not-at-listed-price", (await Body(await Accept(Rail, negotiated.ListingId))).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await Accept(Uni, negotiated.ListingId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Accept(Rail, "L-NO-SUCH")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.As(Rail).PostAsJsonAsync("/api/offers/accept", new { })).StatusCode);
    }

    [Fact]
    public async Task A_directed_listing_priced_by_negotiation_is_negotiated_not_taken_at_its_listed_price()
    {
        var directed = await api.InCatalogue(Published("一种定向协议定价的刀具专利", ["C23C 14/06"], directedTo: Tools.OrganisationId));

        var refused = await Accept(Tools, directed.ListingId);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await Body(refused);
        Assert.Equal("offer.not-at-listed-price", problem.GetProperty("rule").GetString());
        var code = problem.GetProperty("codes").GetProperty("listingId")[0];
        Assert.Equal("Negotiated", code.GetProperty("pricingMethod").GetString());
        Assert.Equal(0, (await Body(await api.As(Staff).GetAsync($"/api/deals?listingId={directed.ListingId}"))).GetProperty("total").GetInt64());
    }
}
