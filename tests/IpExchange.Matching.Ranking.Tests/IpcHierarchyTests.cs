namespace IpExchange.Matching.Ranking.Tests;

public sealed class IpcHierarchyTests
{
    [Theory]
    [InlineData("H02M 7/48", "H02M 7/48", 5)]
    [InlineData("H02M 7/48", "H02M 7/5387", 4)]
    [InlineData("H02M", "H02M 1/32", 3)]
    [InlineData("H02M 7/48", "H02P 27/08", 2)]
    [InlineData("H02M 7/48", "H01L 29/16", 1)]
    [InlineData("H02M 7/48", "B22F 3/00", 0)]
    public void The_IPC_hierarchy_is_compared_level_by_level(string a, string b, int depth) =>
        Assert.Equal(depth, IpcHierarchy.SharedDepth(a, b));

    [Fact]
    public void A_demand_naming_only_a_subclass_or_a_group_gets_full_credit_inside_it()
    {
        Assert.Equal(1.0, IpcHierarchy.Best(["H02M"], ["H02M 1/32"]).Score);
        Assert.Equal(1.0, IpcHierarchy.Best(["H02M 7"], ["H02M 7/5387"]).Score);
        Assert.True(IpcHierarchy.Best(["H02M 7/48"], ["H02M 1/32"]).Score < 1.0);
    }
}
