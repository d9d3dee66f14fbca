using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Listings;
using IpExchange.Testing;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>The rules an integrator found broken from outside, each tried again through the API.</summary>
[Collection("matching-api")]
public sealed class HardeningTests(MatchingApi api)
{
    private static object Demand() => new
    {
        title = "寻求硬质合金刀具涂层技术", description = "用于数控刀片。", ipcCodes = new[] { "C23C 14/06" }, budgetMin = 100_000m, budgetMax = 900_000m,
        dealKinds = new[] { "Assignment" }, region = "湖南", deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_replacement_without_If_Match_is_428_and_changes_nothing()
    {
        var posted = await api.As(Rail).PostAsJsonAsync("/api/demands", Demand());
        var id = (await Body(posted)).GetProperty("id").GetString()!;

        var blind = await api.As(Rail).PutAsJsonAsync($"/api/demands/{id}", Demand());

        Assert.Equal(HttpStatusCode.PreconditionRequired, blind.StatusCode);
        Assert.Equal("precondition.required", (await Body(blind)).GetProperty("codes").GetProperty("If-Match")[0].GetProperty("code").GetString());
        var after = await api.As(Rail).GetAsync($"/api/demands/{id}");
        Assert.Equal("\"1\"", after.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_conditional_read_of_an_unchanged_auction_room_is_304_and_a_changed_one_is_the_room()
    {
        var listing = await api.InCatalogue(Published("一种条件轮询的拍卖专利", ["B61L 27/04"], pricing: PricingMethod.Auction, reserve: 500_000m));
        var scheduled = await api.As(Staff).PostAsJsonAsync("/api/auctions", new
        {
            listingId = listing.ListingId, startsAt = DateTimeOffset.UtcNow.AddMinutes(10), endsAt = DateTimeOffset.UtcNow.AddHours(1),
            startingPrice = 400_000m, increment = 10_000m, deposit = 0m,
        });
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var id = (await Body(scheduled)).GetProperty("id").GetString()!;
        var room = await api.As(Rail).GetAsync($"/api/auctions/{id}");
        var etag = room.Headers.ETag!.Tag;

        using var poll = new HttpRequestMessage(HttpMethod.Get, $"/api/auctions/{id}");
        poll.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var unchanged = await api.As(Rail).SendAsync(poll);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, (await api.As(Rail).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "BZJ-1" })).StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/auctions/{id}");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var changed = await api.As(Rail).SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True((await Body(changed)).GetProperty("registered").GetBoolean());
    }

    [Fact]
    public async Task An_auction_cannot_start_in_the_past_and_a_started_one_says_it_is_running()
    {
        var listing = await api.InCatalogue(Published("一种开拍状态的拍卖专利", ["B61L 27/04"], pricing: PricingMethod.Auction, reserve: 500_000m));
        object Schedule(DateTimeOffset startsAt) => new
        {
            listingId = listing.ListingId, startsAt, endsAt = DateTimeOffset.UtcNow.AddHours(1), startingPrice = 400_000m, increment = 10_000m, deposit = 0m,
        };

        var past = await api.As(Staff).PostAsJsonAsync("/api/auctions", Schedule(DateTimeOffset.UtcNow.AddHours(-2)));
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal("date.in-past", (await Body(past)).GetProperty("codes").GetProperty("startsAt")[0].GetProperty("code").GetString());

        var now = await api.As(Staff).PostAsJsonAsync("/api/auctions", Schedule(DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Created, now.StatusCode);
        var id = (await Body(now)).GetProperty("id").GetString()!;
        // The start timer records the start: waited for, not slept on.
        await Eventually(async () => (await Body(await api.As(Rail).GetAsync($"/api/auctions/{id}"))).GetProperty("status").GetString() == "Running", "the auction to run");
    }

    [Fact]
    public async Task The_seller_cannot_count_sealed_offers_from_the_version_or_the_ETag()
    {
        var listing = await api.InCatalogue(Published("一种密封报价计数的专利", ["C22C 29/08"], pricing: PricingMethod.CompetitiveNegotiation));
        var opened = await api.As(Uni).PostAsJsonAsync("/api/offers/competitions", new { listingId = listing.ListingId, deadline = DateTimeOffset.UtcNow.AddDays(2) });
        var id = (await Body(opened)).GetProperty("id").GetString()!;
        var before = await api.As(Uni).GetAsync($"/api/offers/competitions/{id}");

        foreach (var bidder in new[] { Rail, Tools })
        {
            var offered = await Replace(api.As(bidder), $"/api/offers/competitions/{id}/offers/mine", new { price = 600_000m }, $"/api/offers/competitions/{id}");
            Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        }

        var after = await api.As(Uni).GetAsync($"/api/offers/competitions/{id}");
        Assert.Equal(before.Headers.ETag!.Tag, after.Headers.ETag!.Tag);
        Assert.Equal((await Body(before)).GetProperty("version").GetInt64(), (await Body(after)).GetProperty("version").GetInt64());
        // The exchange sees every offer, and the version that counts them.
        Assert.Equal("\"3\"", (await api.As(Staff).GetAsync($"/api/offers/competitions/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_licence_deal_completes_with_its_contract_and_keeps_the_amended_price()
    {
        var listing = await api.InCatalogue(Published("一种开放许可后履行完毕的专利", ["H02M 7/48"], kind: DealKind.OpenLicence, mode: TradingMode.ListingTransfer, fee: 30_000m));
        var taken = await api.As(Rail).PostAsJsonAsync("/api/offers/accept", new { listingId = listing.ListingId });
        var dealId = (await Body(taken)).GetProperty("dealId").GetString()!;
        var at = DateTimeOffset.UtcNow;
        await api.Bus.Publish(new ListingLicensed(listing.ListingId, dealId, Rail.OrganisationId, 1, at));
        await Eventually(async () => (await Body(await api.As(Rail).GetAsync($"/api/deals/{dealId}"))).GetProperty("status").GetString() == "Licensed", "the deal licensed");

        // A later amendment arrives before an earlier one: the later price stays.
        await api.Bus.Publish(new AgreementAmended($"AG-{dealId}", dealId, "h2", 36_000m, at.AddMinutes(2)));
        await api.Bus.Publish(new AgreementAmended($"AG-{dealId}", dealId, "h1", 33_000m, at.AddMinutes(1)));
        await api.Bus.Publish(new ContractCompleted($"AG-{dealId}", dealId, listing.ListingId, listing.OwnerOrganisationId, Rail.OrganisationId, 36_000m, at.AddMinutes(3)));

        await Eventually(async () => (await Body(await api.As(Rail).GetAsync($"/api/deals/{dealId}"))).GetProperty("status").GetString() == "Completed", "the deal completed");
        await Eventually(async () => (await Body(await api.As(Rail).GetAsync($"/api/deals/{dealId}"))).GetProperty("price").GetDecimal() == 36_000m, "the amended price");
    }
}
