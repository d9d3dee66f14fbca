using System.Net;
using System.Net.Http.Json;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using static IpExchange.Gateway.Tests.Edge;

namespace IpExchange.Gateway.Tests;

/// <summary>
/// The gateway validates tokens but issues none: the Identity service does (its own tests sign in
/// through a gateway). Here the gateway trusts the test run's issuer, as it trusts the Identity
/// service's in production, and routes the sign-in paths to the identity cluster, which has no
/// destination in these tests.
/// </summary>
[Collection("edge")]
public sealed class IdentityTests(Edge edge)
{
    [Fact]
    public async Task The_gateway_reads_the_caller_with_its_organisation_kind_and_roles_from_the_token()
    {
        var signer = HxLoco with { OrganisationKind = "Enterprise", OrganisationRoles = [OrganisationRoles.Operator, OrganisationRoles.Signer] };
        using var client = edge.Gateway.Client(Token(signer));

        var me = await Body(await client.GetAsync("/auth/me"));

        Assert.Equal("u-hxloco-1", me.GetProperty("id").GetString());
        Assert.Equal(Roles.Enterprise, me.GetProperty("role").GetString());
        Assert.Equal("Enterprise", me.GetProperty("organisationKind").GetString());
        Assert.Equal("湘通集团", me.GetProperty("group").GetString());
        Assert.Equal(["operator", "signer"], me.GetProperty("organisationRoles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_token_of_another_issuer_or_for_another_audience_is_refused_at_the_edge()
    {
        using var otherIssuer = edge.Gateway.Client(Token(Swrtu, issuer: "https://someone-else.test/"));
        using var otherAudience = edge.Gateway.Client(Token(Swrtu, audience: "another-api"));
        using var valid = edge.Gateway.Client(Token(Swrtu));

        Assert.Equal(HttpStatusCode.Unauthorized, (await otherIssuer.GetAsync("/api/patents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherAudience.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_routes_are_open_and_lead_to_the_identity_cluster()
    {
        using var anonymous = edge.Gateway.Client();

        foreach (var response in new[]
        {
            await anonymous.GetAsync("/.well-known/openid-configuration"),
            await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token" })),
            await anonymous.GetAsync("/account/login"),
            await anonymous.PostAsJsonAsync("/auth/token", new { username = "swrtu", password = "demo-2026" }),
            await anonymous.PostAsJsonAsync("/api/organisations/applications", new { }),
        })
        {
            // Not 401: anonymous callers reach the route; 503: the identity cluster has no destination here.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/organisations/mine")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/users")).StatusCode);
    }
}
