using IpExchange.Contracts;
using IpExchange.Matching.Matching;
using IpExchange.Text;

namespace IpExchange.Matching.Tests;

public sealed class RelevanceTests
{
    private static readonly Func<string, double> Flat = _ => 1.0;

    private static MatchProfile Demand(string text, string[] ipc, decimal? max = null, DealKind[]? kinds = null) =>
        new(ipc, SearchTerms.Of(text).ToHashSet(StringComparer.Ordinal), null, max, kinds ?? []);

    private static Offer Listing(string id, string text, string[] ipc, decimal asking = 1_000_000m, DealKind kind = DealKind.Assignment) =>
        new(id, text, ipc, SearchTerms.Of(text).ToHashSet(StringComparer.Ordinal), asking, kind);

    [Theory]
    [InlineData("H02M 7/48", "H02M 7/48", 5)]
    [InlineData("H02M 7/48", "H02M 7/5387", 4)]
    [InlineData("H02M", "H02M 1/32", 3)]
    [InlineData("H02M 7/48", "H02P 27/08", 2)]
    [InlineData("H02M 7/48", "H01L 29/16", 1)]
    [InlineData("H02M 7/48", "B22F 3/00", 0)]
    public void The_IPC_hierarchy_is_compared_level_by_level(string a, string b, int depth) =>
        Assert.Equal(depth, Relevance.SharedDepth(a, b));

    [Fact]
    public void A_listing_on_the_demands_topic_and_group_outranks_one_sharing_only_the_class()
    {
        var demand = Demand("需要轨道交通牵引变流器故障诊断技术", ["H02M 7/48"]);
        var close = Relevance.Score(demand, Listing("a", "一种轨道交通牵引变流器的故障诊断方法", ["H02M 7/48", "B61C 3/00"]), Flat);
        var far = Relevance.Score(demand, Listing("b", "一种电机控制器的散热结构", ["H02P 27/08"]), Flat);
        var none = Relevance.Score(demand, Listing("c", "一种硬质合金刀片及其制备方法", ["B22F 3/00"]), Flat);

        Assert.True(close.Score > Relevance.StrongMatch, $"{close}");
        Assert.True(close.Score > far.Score);
        Assert.Equal(0, none.Score);
        Assert.Contains(close.Reasons, r => r.StartsWith("IPC: H02M 7/48 shares the subgroup", StringComparison.Ordinal));
        Assert.Contains(close.Reasons, r => r.StartsWith("terms:", StringComparison.Ordinal) && r.Contains("牵引", StringComparison.Ordinal));
        Assert.True(close.Text > 0.5, $"{close}");
    }

    [Fact]
    public void English_demands_match_English_listings()
    {
        var demand = Demand("cemented carbide cutting inserts with gradient coating", ["B22F"]);
        var score = Relevance.Score(demand, Listing("e", "Gradient cemented carbide insert for cutting tools", ["B22F 7/06", "C22C 29/08"]), Flat);
        Assert.True(score.Text > 0.5, $"{score}");
        Assert.Equal(1.0, score.Ipc); // the demand named the subclass, the listing is in it
    }

    [Fact]
    public void Rare_terms_weigh_more_than_common_ones()
    {
        var demand = Demand("变流器 方法", []);
        var common = new Func<string, double>(t => t.Contains('方', StringComparison.Ordinal) ? 0.1 : 2.0);
        var rare = Relevance.Score(demand, Listing("r", "变流器", []), common);
        var plain = Relevance.Score(demand, Listing("p", "方法", []), common);
        Assert.True(rare.Text > plain.Text);
    }

    [Fact]
    public void Price_above_budget_and_an_unwanted_deal_kind_lower_the_score_and_say_so()
    {
        var demand = Demand("牵引变流器", ["H02M 7/48"], max: 1_000_000m, kinds: [DealKind.Assignment]);
        var fits = Relevance.Score(demand, Listing("f", "牵引变流器", ["H02M 7/48"], 800_000m), Flat);
        var dear = Relevance.Score(demand, Listing("d", "牵引变流器", ["H02M 7/48"], 1_500_000m), Flat);
        var licence = Relevance.Score(demand, Listing("l", "牵引变流器", ["H02M 7/48"], 800_000m, DealKind.NonExclusiveLicence), Flat);
        Assert.Equal(1.0, fits.Budget);
        Assert.Equal(0.5, dear.Budget);
        Assert.True(fits.Score > dear.Score && fits.Score > licence.Score);
        Assert.Contains(dear.Reasons, r => r.Contains("above the budget", StringComparison.Ordinal));
        Assert.Contains(licence.Reasons, r => r.StartsWith("deal kind", StringComparison.Ordinal));
    }
}
