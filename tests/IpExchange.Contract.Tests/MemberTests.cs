using System.Net;
using IpExchange.Members;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using Microsoft.Extensions.DependencyInjection;
using static IpExchange.Contract.Tests.ContractApi;

namespace IpExchange.Contract.Tests;

/// <summary>
/// The parties as the Identity service's organisation events tell the Contract service: the binding
/// text names them by legal name and 统一社会信用代码, a suspended member does not sign, and inside a
/// member only its signer (签约人) does.
/// </summary>
[Collection("contract-api")]
public sealed class MemberTests(ContractApi api)
{
    private const string UniCode = "125101004581009355";

    /// <summary>A buyer of its own for each test, so that suspending it touches no other test's deals.</summary>
    private static Caller NewBuyer(string name) =>
        Rail with { UserId = $"u-{Guid.NewGuid():N}"[..12], OrganisationId = $"org-{Guid.NewGuid():N}"[..16], OrganisationName = name };

    [Fact]
    public async Task The_contract_text_names_both_parties_by_legal_name_and_credit_code_from_the_organisation_events()
    {
        var buyer = NewBuyer("湘通半导体材料有限公司");
        await api.Tell(MemberFacts.Verified(Uni, UniCode));
        await api.Tell(MemberFacts.Verified(buyer, MemberFacts.SampleCreditCode));
        var listing = Listing("一种碳化硅功率模块封装结构");

        var drafted = await api.Draft(Deal(listing.ListingId) with { BuyerOrganisationId = buyer.OrganisationId }, listing);

        var text = await api.As(buyer).GetStringAsync($"/api/agreements/{drafted.Str("id")}/text");
        Assert.Contains($"甲方（转让方）：西南轨道交通大学（统一社会信用代码：{UniCode}）\n", text, StringComparison.Ordinal);
        Assert.Contains($"乙方（受让方）：湘通半导体材料有限公司（统一社会信用代码：{MemberFacts.SampleCreditCode}）\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(buyer.OrganisationId, text, StringComparison.Ordinal);
        Assert.Equal(("湘通半导体材料有限公司", MemberFacts.SampleCreditCode),
            (drafted.GetProperty("buyer").Str("name"), drafted.GetProperty("buyer").Str("creditCode")));
    }

    [Fact]
    public async Task An_operator_cannot_sign_and_the_signer_of_the_same_member_can()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        var hash = (await api.Draft(deal)).Str("contentHash");
        var clerk = Rail with { UserId = "u-rail-clerk", Name = "刘经办", OrganisationRoles = [OrganisationRoles.Operator, OrganisationRoles.Administrator] };

        var refused = await api.Sign(clerk, id, hash);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await Body(refused);
        Assert.Equal("member.signer-required", problem.Rule());
        Assert.Contains("签约人", problem.Str("detail"), StringComparison.Ordinal);
        var unchanged = await Body(await api.As(Rail).GetAsync($"/api/agreements/{id}"));
        Assert.Empty(unchanged.GetProperty("signatures").EnumerateArray());

        var signer = Rail with { UserId = "u-rail-signer", Name = "张签约", OrganisationRoles = [OrganisationRoles.Signer] };
        var signed = await api.Sign(signer, id, hash);
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
        Assert.Equal("张签约", Assert.Single((await Body(signed)).GetProperty("signatures").EnumerateArray()).Str("userName"));
    }

    [Fact]
    public async Task A_suspended_member_cannot_sign_even_when_a_newer_amendment_arrived_first_and_signs_once_reinstated()
    {
        var buyer = NewBuyer("渌江新材料有限公司");
        await api.Tell(MemberFacts.Verified(buyer));
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]) with { BuyerOrganisationId = buyer.OrganisationId };
        var id = AgreementId(deal);
        var hash = (await api.Draft(deal)).Str("contentHash");

        // The Identity service suspended the member (version 3), then amended its name (4); the amendment is handled first.
        await api.Tell(MemberFacts.Changed(buyer, "渌江新材料股份有限公司", version: 4));
        await api.Tell(MemberFacts.Suspended(buyer, version: 3));

        var refused = await api.Sign(buyer, id, hash);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await Body(refused);
        Assert.Equal(MemberDirectory.SuspendedRule, problem.Rule());
        Assert.Contains("涉嫌串通竞价，暂停交易", problem.Str("detail"), StringComparison.Ordinal);
        var unchanged = await Body(await api.As(buyer).GetAsync($"/api/agreements/{id}"));
        Assert.Empty(unchanged.GetProperty("signatures").EnumerateArray());

        await using (var query = api.Services.GetRequiredService<EventStore.EventStore>().Marten.QuerySession())
        {
            Assert.Equal("渌江新材料股份有限公司", (await MemberDirectory.Find(query, [buyer.OrganisationId], CancellationToken.None))[buyer.OrganisationId].LegalName);
        }

        await api.Tell(MemberFacts.Reinstated(buyer, version: 5));
        var signed = await api.Sign(buyer, id, hash);
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
    }
}
