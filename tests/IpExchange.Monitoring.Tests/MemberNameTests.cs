using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>The cockpit names both parties of a deal by the legal names the Identity service's organisation events carry.</summary>
[Collection("monitoring-api")]
public sealed class MemberNameTests(MonitoringApi api)
{
    [Fact]
    public async Task The_cockpit_names_seller_and_buyer_by_their_registered_legal_names_and_follows_a_change_of_name()
    {
        var buyer = new Caller("u-buyer", "钱经理", NewId("org"), "湘潭精工装备有限公司", Roles.Enterprise, null, "湖南");
        await api.Tell(MemberFacts.Verified(buyer));
        await api.Tell(MemberFacts.Verified(Uni, "125101004581009355"));
        var listing = Listing();
        var deal = Deal(listing, buyer: buyer.OrganisationId);
        await api.Send(listing, deal);

        await Eventually(async () => await api.Deal(deal.DealId) is not null, "the deal in the cockpit");
        var row = (await api.Deal(deal.DealId))!.Value;
        Assert.Equal(("西南轨道交通大学", "湘潭精工装备有限公司"), (row.GetProperty("sellerName").GetString(), row.GetProperty("buyerName").GetString()));

        await api.Tell(MemberFacts.Changed(buyer, "湘潭精工装备股份有限公司", version: 3));
        Assert.Equal("湘潭精工装备股份有限公司", (await api.Deal(deal.DealId))!.Value.GetProperty("buyerName").GetString());
    }
}
