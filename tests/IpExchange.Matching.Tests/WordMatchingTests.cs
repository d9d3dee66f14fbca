using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>A service of its own for the word-aware ranking: its catalogue holds only these tests' listings.</summary>
[CollectionDefinition("matching-words")]
public sealed class MatchingWordsCollection : ICollectionFixture<MatchingApi>;

/// <summary>
/// The ranking through the API, on Chinese-only listings learned from ListingPublished: words and
/// meanings rather than bigrams, both languages, synonyms, designs without IPC, pages with totals,
/// reasons as data.
/// </summary>
[Collection("matching-words")]
public sealed class WordMatchingTests(MatchingApi api) : IAsyncLifetime
{
    private static readonly string Deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly ListingPublished Coating = Published("涡轮叶片热障涂层及其大气等离子喷涂方法", ["C23C 4/134", "F01D 5/28"],
        @abstract: "在镍基高温合金叶片表面喷涂MCrAlY粘结层，再大气等离子喷涂氧化钇部分稳定氧化锆陶瓷面层，提高隔热效果和抗热震寿命。");

    private static readonly ListingPublished BloodPlasma = Published("血浆游离DNA的提取方法", ["C12N 15/10"],
        @abstract: "采用磁珠法从外周血血浆中富集短片段游离DNA，用于肿瘤液体活检。");

    private static readonly ListingPublished CarbideRecycling = Published("废旧硬质合金的锌熔回收方法", ["C22B 7/00"],
        @abstract: "将废旧硬质合金刀具在熔融锌中处理，真空蒸馏回收锌后得到可再用的碳化钨钴混合粉。", owner: "org-xjhm");

    private static readonly ListingPublished BatteryRecycling = Published("废旧锂离子电池正极材料的湿法回收方法", ["C22B 7/00", "H01M 10/54"],
        @abstract: "拆解后的正极粉经还原酸浸，镍钴锰通过萃取分离，锂以碳酸锂形式回收。");

    private static readonly ListingPublished InfusionPump = Published("医用输液泵", [], asking: 30_000m, kind: DealKind.NonExclusiveLicence,
        @abstract: "1．本外观设计产品的名称：医用输液泵。2．本外观设计产品的用途：用于医院病房精确控制静脉输液速度。3．本外观设计产品的设计要点：在于形状。",
        type: PatentType.Design, locarno: "24-01");

    private static readonly ListingPublished GradedInsert = Published("梯度结构硬质合金刀片及其制备方法", ["C22C 29/08", "B23B 27/14"], asking: 800_000m,
        @abstract: "在含氮气氛中烧结WC-TiC-Co合金，使刀片表层形成富钴韧性区，抑制切削时的崩刃。");

    private static readonly ListingPublished[] Market = [Coating, BloodPlasma, CarbideRecycling, BatteryRecycling, InfusionPump, GradedInsert];

    public async Task InitializeAsync()
    {
        // Published once per fixture: the catalogue ignores a publication it already knows.
        foreach (var listing in Market)
        {
            await api.InCatalogue(listing);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Post(object demand)
    {
        var response = await api.As(Rail).PostAsJsonAsync("/api/demands", demand);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Body(response)).GetProperty("id").GetString()!;
    }

    private static object Demand(string title, string description, string[]? ipc = null, decimal? budgetMax = null, DealKind[]? kinds = null) =>
        new { title, description, ipcCodes = ipc ?? [], budgetMax, dealKinds = (kinds ?? []).Select(k => k.ToString()), deadline = Deadline };

    /// <summary>The demand's first page once every listing of the market is ranked (the index follows the catalogue within moments).</summary>
    private async Task<JsonElement> Matches(string demandId, int page = 1, int limit = 10)
    {
        JsonElement body = default;
        await Eventually(async () =>
        {
            var response = await api.As(Rail).GetAsync($"/api/demands/{demandId}/matches?page={page}&limit={limit}");
            body = await Body(response);
            return response.IsSuccessStatusCode && body.GetProperty("total").GetInt32() > 0;
        }, "the demand's matches");
        return body;
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("listing").GetProperty("id").GetString()!)];

    private static JsonElement Item(JsonElement page, string listingId) =>
        page.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("listing").GetProperty("id").GetString() == listingId);

    [Fact]
    public async Task An_English_demand_finds_a_Chinese_only_listing_and_the_plasma_of_another_field_is_kept_out()
    {
        var id = await Post(Demand("Thermal barrier coatings for turbine blades",
            "We need plasma-sprayed YSZ thermal barrier coatings with MCrAlY bond coats for high-pressure turbine blades."));
        var page = await Matches(id);

        Assert.Equal(Coating.ListingId, Ids(page)[0]);
        var words = Item(page, Coating.ListingId).GetProperty("reasons").GetProperty("words").EnumerateArray().ToList();
        Assert.Contains(words, w => w.GetProperty("chinese").GetString() == "热障涂层" && w.GetProperty("english").GetString() == "thermal barrier coating");

        // Blood plasma (血浆) shares "plasma" only in the dictionary's other sense: not ranked, or far below.
        var decoy = page.GetProperty("items").EnumerateArray().FirstOrDefault(m => m.GetProperty("listing").GetProperty("id").GetString() == BloodPlasma.ListingId);
        Assert.True(decoy.ValueKind == JsonValueKind.Undefined || decoy.GetProperty("score").GetDouble() < Item(page, Coating.ListingId).GetProperty("score").GetDouble() / 3,
            $"{decoy}");
    }

    [Fact]
    public async Task A_colloquial_synonym_finds_the_listing_and_a_listing_sharing_only_a_verb_stays_below_and_is_no_strong_match()
    {
        // 钨钢 is what workshops call 硬质合金; battery recycling shares only 回收 (and its IPC group).
        var id = await Post(Demand("废钨钢刀头回收再利用", "工厂每年报废大量钨钢刀头和模具，想找回收成粉末重新利用的工艺。"));
        var page = await Matches(id);

        Assert.Equal(CarbideRecycling.ListingId, Ids(page)[0]);
        var top = Item(page, CarbideRecycling.ListingId);
        Assert.True(top.GetProperty("strong").GetBoolean(), $"{top}");
        Assert.Contains(top.GetProperty("reasons").GetProperty("words").EnumerateArray(),
            w => w.GetProperty("chinese").GetString() == "硬质合金" && w.GetProperty("english").GetString() == "cemented carbide");
        var decoy = page.GetProperty("items").EnumerateArray().FirstOrDefault(m => m.GetProperty("listing").GetProperty("id").GetString() == BatteryRecycling.ListingId);
        Assert.True(decoy.ValueKind == JsonValueKind.Undefined || !decoy.GetProperty("strong").GetBoolean(), $"{decoy}");
    }

    [Fact]
    public async Task A_design_patent_with_a_Locarno_class_and_no_IPC_is_found_by_its_text_both_ways()
    {
        var id = await Post(Demand("医用输液泵外观设计", "我们推出新款输液泵，想受让一件输液泵的外观设计专利。"));
        var page = await Matches(id);

        Assert.Equal(InfusionPump.ListingId, Ids(page)[0]);
        var pump = Item(page, InfusionPump.ListingId);
        var patent = Assert.Single(pump.GetProperty("patents").EnumerateArray().ToList());
        Assert.Equal("Design", patent.GetProperty("type").GetString());
        Assert.Equal("24-01", patent.GetProperty("locarnoClass").GetString());
        Assert.Equal(0, patent.GetProperty("ipcCodes").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, pump.GetProperty("reasons").GetProperty("ipc").ValueKind);

        // The listing's owner sees the demand ranked for the design.
        await Eventually(async () =>
        {
            var demands = await Body(await api.As(Uni).GetAsync($"/api/demands/for-listing/{InfusionPump.ListingId}"));
            return demands.GetProperty("items").EnumerateArray().Any(m => m.GetProperty("demand").GetProperty("id").GetString() == id);
        }, "the demand ranked for the design");
    }

    [Fact]
    public async Task Pages_carry_the_total_and_together_hold_every_match_once()
    {
        var tag = $"qx{Guid.NewGuid():N}"[..8];
        var inserts = Enumerable.Range(1, 5).Select(n => Published($"一种{tag}硬质合金数控刀片第{n}代", ["B23B 27/14"])).ToList();
        foreach (var insert in inserts)
        {
            await api.InCatalogue(insert);
        }

        var id = await Post(Demand($"{tag} 硬质合金数控刀片", $"寻求 {tag} 系列硬质合金数控刀片"));
        await Eventually(async () => Ids(await Matches(id, limit: 50)).Intersect(inserts.Select(i => i.ListingId)).Count() == inserts.Count, "every insert ranked");

        var first = await Matches(id, page: 1, limit: 2);
        var total = first.GetProperty("total").GetInt32();
        Assert.True(total >= inserts.Count, $"{total}");
        var seen = new List<string>();
        for (var p = 1; p <= (total + 1) / 2; p++)
        {
            var page = await Matches(id, page: p, limit: 2);
            Assert.Equal(total, page.GetProperty("total").GetInt32());
            Assert.Equal(p, page.GetProperty("page").GetInt32());
            Assert.Equal(2, page.GetProperty("limit").GetInt32());
            seen.AddRange(Ids(page));
        }

        Assert.Equal(total, seen.Distinct().Count());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(inserts, i => Assert.Contains(i.ListingId, seen));
    }

    [Fact]
    public async Task Reasons_are_data_words_in_both_languages_the_IPC_relation_the_budget_and_the_deal_kind()
    {
        var id = await Post(Demand("硬质合金刀片崩刃", "需要韧性更好的硬质合金数控刀片材料", ["C22C 29"], budgetMax: 500_000m, kinds: [DealKind.ExclusiveLicence]));
        var page = await Matches(id);
        var match = Item(page, GradedInsert.ListingId);
        var reasons = match.GetProperty("reasons");

        var carbide = reasons.GetProperty("words").EnumerateArray().Single(w => w.GetProperty("chinese").GetString() == "硬质合金");
        Assert.Equal("cemented carbide", carbide.GetProperty("english").GetString());
        Assert.Contains("Title", carbide.GetProperty("foundIn").EnumerateArray().Select(f => f.GetString()));
        Assert.True(carbide.GetProperty("share").GetDouble() > 0);

        var ipc = reasons.GetProperty("ipc");
        Assert.Equal("MainGroup", ipc.GetProperty("level").GetString());
        Assert.Equal("C22C 29/08", ipc.GetProperty("listingCode").GetString());
        Assert.False(string.IsNullOrEmpty(ipc.GetProperty("titleZh").GetString()));

        Assert.False(reasons.GetProperty("budget").GetProperty("within").GetBoolean());
        Assert.Equal(500_000m, reasons.GetProperty("budget").GetProperty("budgetMax").GetDecimal());
        Assert.Equal(800_000m, reasons.GetProperty("budget").GetProperty("askingPrice").GetDecimal());
        Assert.Equal("Assignment", reasons.GetProperty("dealKind").GetProperty("offered").GetString());
        Assert.False(reasons.GetProperty("dealKind").GetProperty("wanted").GetBoolean());

        var parts = match.GetProperty("parts");
        Assert.True(parts.GetProperty("text").GetDouble() > 0 && parts.GetProperty("ipc").GetDouble() > 0, $"{parts}");
        Assert.Equal("西南轨道交通大学", match.GetProperty("listing").GetProperty("ownerOrganisationName").GetString());
    }
}

/// <summary>Two processes on one schema, as two replicas: each ranks what the other catalogued or was told.</summary>
[Collection("matching-words")]
public sealed class ReplicaIndexTests(MatchingApi api)
{
    [Fact]
    public async Task Every_replica_ranks_every_listing_and_demand_whichever_replica_learned_it()
    {
        await using var other = new MatchingApi { Schema = api.Schema };
        await other.InitializeAsync();

        var tag = $"rp{Guid.NewGuid():N}"[..8];
        // Posted on the other replica; the listing is catalogued by whichever replica the queue gives it to.
        var posted = await other.As(Rail).PostAsJsonAsync("/api/demands", new
        {
            title = $"{tag} 城轨车辆轴箱轴承故障预警", description = "需要轴箱轴承温度与振动的故障预警方法",
            deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var demandId = (await Body(posted)).GetProperty("id").GetString()!;
        var listing = Published($"一种{tag}轴箱轴承故障预警方法", ["F16C 19/52"]);
        await api.Bus.Publish(listing);

        foreach (var replica in new[] { api, other })
        {
            await Eventually(async () =>
            {
                var response = await replica.As(Rail).GetAsync($"/api/demands/{demandId}/matches");
                return response.IsSuccessStatusCode && (await Body(response)).GetProperty("items").EnumerateArray()
                    .Any(m => m.GetProperty("listing").GetProperty("id").GetString() == listing.ListingId);
            }, "the listing ranked on each replica");
            await Eventually(async () =>
            {
                var response = await replica.As(Uni).GetAsync($"/api/demands/for-listing/{listing.ListingId}");
                return response.IsSuccessStatusCode && (await Body(response)).GetProperty("items").EnumerateArray()
                    .Any(m => m.GetProperty("demand").GetProperty("id").GetString() == demandId);
            }, "the demand ranked on each replica");
        }

        // Withdrawn on one, gone on both.
        await api.Bus.Publish(new ListingWithdrawn(listing.ListingId, "org-swrtu", null, DateTimeOffset.UtcNow));
        foreach (var replica in new[] { api, other })
        {
            await Eventually(async () => !(await Body(await replica.As(Rail).GetAsync($"/api/demands/{demandId}/matches"))).GetProperty("items").EnumerateArray()
                .Any(m => m.GetProperty("listing").GetProperty("id").GetString() == listing.ListingId), "the withdrawn listing gone on each replica");
        }
    }
}
