using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.Matching.Matching;
using Microsoft.Extensions.DependencyInjection;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;

namespace IpExchange.Matching.Tests;

[CollectionDefinition("matching-api")]
public sealed class MatchingApiCollection : ICollectionFixture<MatchingApi>;

/// <summary>The Matching service in-process on the real PostgreSQL and RabbitMQ that deploy/test.sh starts.</summary>
public sealed class MatchingApi() : ServiceFactory<Program>("matching")
{
    public static readonly Caller Rail = new("u-rail", "张经理", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南");
    public static readonly Caller Tools = new("u-tool", "赵经理", "org-ljtool", "渌江精密刀具有限公司", Roles.Enterprise, "渌江矿冶集团", "湖南");
    public static readonly Caller Uni = new("u-uni", "王老师", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川");
    public static readonly Caller Staff = new("u-ex", "审核员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆");

    /// <summary>Publishes the listing on the real bus and waits until the catalogue holds it and the match index ranks it.</summary>
    public async Task<ListingPublished> InCatalogue(ListingPublished listing)
    {
        await Bus.Publish(listing);
        await Eventually(async () => (await As(Staff).GetAsync($"/api/demands/for-listing/{listing.ListingId}")).IsSuccessStatusCode, "the listing in the catalogue");
        await Eventually(() => Task.FromResult(Services.GetRequiredService<MatchIndexHost>().Index.HasListing(listing.ListingId)), "the listing in the match index");
        return listing;
    }

    /// <summary>
    /// A listing as the Listing service would publish it, with a unique id: its patent's title is
    /// the listing's, its abstract the given one (or the title). A design (type Design) has a Locarno
    /// class, no IPC codes and no claims.
    /// </summary>
    public static ListingPublished Published(string title, string[] ipc, decimal asking = 1_000_000m, DealKind kind = DealKind.Assignment,
        string? directedTo = null, string owner = "org-swrtu", PricingMethod pricing = PricingMethod.Negotiated, decimal? reserve = null,
        TradingMode? mode = null, decimal? fee = null, string? @abstract = null, string? titleEn = null, string? abstractEn = null,
        PatentType type = PatentType.Invention, string? locarno = null, string[]? keywords = null) =>
        new($"L-{Guid.NewGuid():N}"[..14], owner, "西南轨道交通大学", "四川", title, null, @abstract ?? title, kind, pricing,
            mode ?? (directedTo is null ? (pricing == PricingMethod.Auction ? TradingMode.Bidding : TradingMode.Negotiated) : TradingMode.Directed),
            asking, reserve ?? asking * 0.9m, fee, directedTo, null, [],
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), null,
            [new ListedPatent("201910100001.X", "201910100001.X", title, type, ipc, new DateOnly(2019, 1, 1), new DateOnly(2039, 1, 1),
                type == PatentType.Design ? 0 : 10, false, titleEn, @abstract ?? title, abstractEn, locarno)],
            DateTimeOffset.UtcNow, Keywords: keywords);
}
