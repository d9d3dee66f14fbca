using IpExchange.Contracts;

namespace IpExchange.Matching.Ranking.Tests;

/// <summary>The ranking in both directions on a small market of Chinese-only listings.</summary>
public sealed class MatchIndexTests : IDisposable
{
    private const string Buyer = "org-buyer";
    private readonly MatchIndex index = new(Vocabulary.Analyzer);

    public void Dispose() => index.Dispose();

    private static ListingDocument Listing(string id, string title, string @abstract, string[] ipc, PatentType type = PatentType.Invention,
        string? locarno = null, decimal asking = 800_000m, DealKind kind = DealKind.Assignment, string? titleEn = null, string? abstractEn = null) =>
        new(id, "org-uni", title, null, @abstract,
            [new PatentDocument($"ZL-{id}", type, title, titleEn, @abstract, abstractEn, ipc, locarno)], [], kind, asking);

    private static DemandDocument Demand(string id, string title, string description, string[]? ipc = null, decimal? budgetMax = null, DealKind[]? kinds = null) =>
        new(id, Buyer, title, description, ipc ?? [], null, budgetMax, kinds ?? []);

    /// <summary>Given a small market: Chinese-only listings across fields, some sharing words in other senses.</summary>
    private void GivenAMarket()
    {
        index.Upsert(Listing("tbc", "涡轮叶片热障涂层及其大气等离子喷涂方法",
            "在镍基高温合金叶片表面喷涂MCrAlY粘结层，再大气等离子喷涂氧化钇部分稳定氧化锆陶瓷面层，提高隔热效果和抗热震寿命。", ["C23C 4/134", "F01D 5/28"]));
        index.Upsert(Listing("esc", "等离子刻蚀设备用静电卡盘",
            "卡盘陶瓷层内埋设双极电极和分区加热电阻，背面氦气冷却，提高刻蚀均匀性。", ["H01L 21/683", "H01J 37/32"]));
        index.Upsert(Listing("cfdna", "血浆游离DNA的提取方法",
            "采用磁珠法从外周血血浆中富集短片段游离DNA，用于肿瘤液体活检。", ["C12N 15/10"]));
        index.Upsert(Listing("carbide", "梯度结构硬质合金刀片及其制备方法",
            "在含氮气氛中烧结WC-TiC-Co合金，使刀片表层形成富钴韧性区，抑制切削时的崩刃。", ["C22C 29/08", "B23B 27/14"]));
        index.Upsert(Listing("recycle", "废旧硬质合金的锌熔回收方法",
            "将废旧硬质合金刀具在熔融锌中处理，真空蒸馏回收锌后得到可再用的碳化钨钴混合粉。", ["C22B 7/00"]));
        index.Upsert(Listing("battery", "废旧锂离子电池正极材料的湿法回收方法",
            "拆解后的正极粉经还原酸浸，镍钴锰通过萃取分离，锂以碳酸锂形式回收。", ["C22B 7/00", "H01M 10/54"]));
        index.Upsert(Listing("pump", "医用输液泵",
            "1．本外观设计产品的名称：医用输液泵。2．本外观设计产品的用途：用于医院病房精确控制静脉输液速度。3．本外观设计产品的设计要点：在于形状。",
            [], PatentType.Design, "24-01", 30_000m, DealKind.NonExclusiveLicence));
        index.Upsert(Listing("stapler", "一种腔镜用电动吻合器", "吻合器由电机驱动击发，根据组织厚度自动调整击发速度。", ["A61B 17/072"], PatentType.UtilityModel));
    }

    private List<string> Top(DemandDocument demand, int n = 3)
    {
        index.Upsert(demand);
        return [.. index.MatchesForDemand(demand.Id, Buyer, 1, n).Items.Select(m => m.ListingId)];
    }

    [Fact]
    public void An_English_demand_finds_a_Chinese_only_listing()
    {
        GivenAMarket();
        var top = Top(Demand("d1", "Thermal barrier coatings for turbine blades",
            "Plasma-sprayed YSZ thermal barrier coatings with MCrAlY bond coats for high-pressure turbine blades."));
        Assert.Equal("tbc", top[0]);

        var match = index.MatchesForDemand("d1", Buyer).Items[0];
        Assert.Contains(match.Reasons.Concepts, c => c.Chinese == "热障涂层" && c.English == "thermal barrier coating");
    }

    [Fact]
    public void An_English_word_the_vocabulary_lacks_reaches_Chinese_through_the_dictionary()
    {
        index.Upsert(Listing("hvac", "城轨列车空调机组的变频控制方法", "根据载客量调节压缩机频率，降低空调能耗。", ["B61D 27/00"]));
        index.Upsert(Listing("door", "列车车门防夹检测装置", "车门胶条内嵌压力敏感导电橡胶。", ["B61D 19/02"]));
        var match = index.MatchesForDemand(Demand("d9", "Air conditioning for metro cars", "Less energy for air conditioning on trains."), Buyer).Items[0];
        Assert.Equal("hvac", match.ListingId);
        Assert.Contains(match.Reasons.Concepts, c => c.Chinese == "空调" && c.English == "air conditioning");
    }

    [Fact]
    public void A_synonym_finds_the_listing()
    {
        GivenAMarket();
        var top = Top(Demand("d2", "废钨钢刀头回收再利用", "工厂每年报废大量钨钢刀头和模具，想找回收成粉末重新利用的工艺。"));
        Assert.Equal("recycle", top[0]);
    }

    [Fact]
    public void A_decoy_from_another_field_is_kept_below_the_listing_asked_for()
    {
        GivenAMarket();

        // "plasma" is also blood plasma (cfdna) and plasma spraying (tbc): the chuck for etching comes first.
        var plasma = Top(Demand("d3", "Electrostatic chuck for plasma etching", "Bipolar electrostatic chucks with zoned heaters for plasma etch tools."), 5);
        Assert.Equal("esc", plasma[0]);

        // Recycling carbide is not recycling batteries, though both are C22B 7/00 and both say 回收.
        var recycling = index.MatchesForDemand(Demand("d4", "Recycling spent lithium-ion battery cathodes",
            "Hydrometallurgical recovery of nickel, cobalt and lithium from end-of-life EV batteries.", ["C22B 7"]), Buyer);
        Assert.Equal("battery", recycling.Items[0].ListingId);
        var decoy = recycling.Items.FirstOrDefault(m => m.ListingId == "recycle");
        Assert.True(decoy is null || decoy.Score < recycling.Items[0].Score / 2, $"{decoy}");
    }

    [Fact]
    public void A_design_patent_without_IPC_is_matched_by_its_text_both_ways()
    {
        GivenAMarket();
        var top = Top(Demand("d5", "医用输液泵外观设计", "我们推出新款输液泵，想受让一件输液泵的外观设计专利。"));
        Assert.Equal("pump", top[0]);

        var demands = index.DemandsForListing("pump");
        Assert.Equal("d5", demands.Items[0].DemandId);
        Assert.Null(demands.Items[0].Reasons.Ipc);
    }

    [Fact]
    public void Reasons_name_concepts_in_both_languages_the_IPC_relation_the_budget_and_the_deal_kind()
    {
        GivenAMarket();
        index.Upsert(Demand("d6", "硬质合金刀片崩刃", "需要韧性更好的硬质合金数控刀片材料", ["C22C 29"], 500_000m, [DealKind.ExclusiveLicence]));
        var match = index.MatchesForDemand("d6", Buyer).Items.Single(m => m.ListingId == "carbide");

        var carbide = Assert.Single(match.Reasons.Concepts, c => c.Chinese == "硬质合金");
        Assert.Equal("cemented carbide", carbide.English);
        Assert.True(carbide.FoundIn.HasFlag(ListingFields.Title));
        Assert.Equal(IpcLevel.MainGroup, match.Reasons.Ipc!.Level);
        Assert.Equal("C22C 29/08", match.Reasons.Ipc.ListingCode);
        Assert.Equal("合金；硬质合金；高温合金", match.Reasons.Ipc.TitleZh);
        Assert.False(match.Reasons.Budget!.Within);
        Assert.False(match.Reasons.DealKind.Wanted);
    }

    [Fact]
    public void Pages_carry_the_total_and_a_changed_or_removed_listing_is_ranked_at_once()
    {
        GivenAMarket();
        index.Upsert(Demand("d7", "硬质合金", "硬质合金刀具"));
        var first = index.MatchesForDemand("d7", Buyer, page: 1, limit: 1);
        var second = index.MatchesForDemand("d7", Buyer, page: 2, limit: 1);
        Assert.True(first.Total >= 2, $"{first.Total}");
        Assert.Equal(first.Total, second.Total);
        Assert.NotEqual(first.Items[0].ListingId, second.Items[0].ListingId);

        // The stapler becomes a carbide scalpel: ranked for the demand at once.
        index.Upsert(Listing("stapler", "硬质合金手术刀片", "硬质合金刃口的手术刀片。", ["A61B 17/3211"]));
        Assert.Contains(index.MatchesForDemand("d7", Buyer, 1, 3).Items, m => m.ListingId == "stapler");
        Assert.True(index.RemoveListing("carbide"));
        Assert.DoesNotContain(index.MatchesForDemand("d7", Buyer, 1, 10).Items, m => m.ListingId == "carbide");
    }

    [Fact]
    public void Directed_listings_show_only_to_their_buyer()
    {
        index.Upsert(Listing("open", "硬质合金刀片", "硬质合金刀片。", []));
        index.Upsert(Listing("directed", "硬质合金刀片", "硬质合金刀片。", []) with { Id = "directed", DirectedTo = "org-other" });
        index.Upsert(Demand("d8", "硬质合金刀片", ""));
        Assert.Equal(["open"], index.MatchesForDemand("d8", Buyer).Items.Select(m => m.ListingId));
        Assert.DoesNotContain(index.DemandsForListing("directed").Items, m => m.DemandId == "d8");
    }

    [Fact]
    public void A_listing_not_yet_added_ranks_its_demands_as_it_will_once_added()
    {
        GivenAMarket();
        index.Upsert(Demand("d10", "硬质合金刀片崩刃", "需要韧性更好的硬质合金数控刀片材料", ["C22C 29"]));
        index.Upsert(Demand("d11", "Thermal barrier coatings for turbine blades", "Plasma-sprayed YSZ coatings."));
        var fresh = Listing("fresh", "细晶硬质合金数控刀片", "超细晶粒硬质合金刀片，抗崩刃。", ["C22C 29/08"]);

        var before = index.DemandsForListing(fresh);
        index.Upsert(fresh);
        var after = index.DemandsForListing("fresh");

        Assert.Equal("d10", before.Items[0].DemandId);
        Assert.Equal(after.Items.Select(m => (m.DemandId, m.Score)), before.Items.Select(m => (m.DemandId, m.Score)));
        Assert.Equal(after.Total, before.Total);
    }
}
