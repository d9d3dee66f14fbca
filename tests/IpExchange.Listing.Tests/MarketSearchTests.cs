using IpExchange.Testing;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

/// <summary>The market a buyer decides in: sorted by price or date, filtered by region, the patents' facts on a public listing.</summary>
[Collection("listing-api")]
public sealed class MarketSearchTests(ListingApi api)
{
    [Fact]
    public async Task The_market_sorts_by_price_and_date_filters_by_region_and_shows_the_patents_facts_of_a_public_listing()
    {
        var tag = $"刃具{Guid.NewGuid():N}"[..10];
        var cheap = await api.Publish(Tju, ListingRequest([await api.RegisterPatent(Tju)], asking: 300_000m, extra: new { title = $"低价 {tag}" }));
        var dear = await api.Publish(Csu, ListingRequest([await api.RegisterPatent(Csu)], asking: 900_000m, extra: new { title = $"高价 {tag}" }));
        var middle = await api.Publish(Tju, ListingRequest([await api.RegisterPatent(Tju)], asking: 600_000m, extra: new { title = $"中价 {tag}" }));
        var q = "q=" + Uri.EscapeDataString(tag) + "&pageSize=100";

        Assert.Equal([cheap, middle, dear], await api.SearchIds(Crrc, $"{q}&sort=PriceLowToHigh"));
        Assert.Equal([dear, middle, cheap], await api.SearchIds(Crrc, $"{q}&sort=PriceHighToLow"));
        Assert.Equal([middle, dear, cheap], await api.SearchIds(Crrc, $"{q}&sort=Newest"));
        Assert.Equal([dear], await api.SearchIds(Crrc, $"{q}&region=" + Uri.EscapeDataString("湖南")));
        Assert.Equal([middle, cheap], await api.SearchIds(Crrc, $"{q}&region=" + Uri.EscapeDataString("天津") + "&sort=Newest"));
        var refused = await api.As(Crrc).GetAsync($"/api/listings?{q}&sort=Cheapest");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);

        // A buyer reads the patents' facts on the public listing.
        var listing = await api.Listing(dear, Crrc);
        var patent = Assert.Single(listing.GetProperty("patents").EnumerateArray());
        Assert.Equal(("Invention", "一种轨道交通牵引变流器的故障诊断方法"), (patent.GetProperty("type").GetString(), patent.GetProperty("title").GetString()));
        Assert.True(patent.GetProperty("ipcCodes").GetArrayLength() > 0);
        Assert.True(patent.GetProperty("expiresOn").GetString()!.Length == 10);
        Assert.True(patent.GetProperty("claimsCount").GetInt32() > 0);
    }
}
