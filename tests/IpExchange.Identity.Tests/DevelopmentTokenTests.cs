using System.Net;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IpExchange.Identity.Tests;

/// <summary>The JSON <c>POST /auth/token</c> of scripts and tests: its shape, and that production settings refuse it.</summary>
[Collection("identity")]
public sealed class DevelopmentTokenTests(IdentityHost host)
{
    [Fact]
    public async Task A_demo_user_gets_a_real_token_in_the_documented_shape()
    {
        using var client = host.Service.Client();
        var response = await client.PostAsJsonAsync("auth/token", new { username = "SWRTU", password = IdentityService.DemoPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Body(response);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.InRange(body.GetProperty("expiresIn").GetInt32(), 590, 600); // Identity:AccessTokenMinutes, 10 by default
        var user = body.GetProperty("user");
        Assert.Equal("u-swrtu-1", user.GetProperty("id").GetString());
        Assert.Equal("org-swrtu", user.GetProperty("organisationId").GetString());
        Assert.Equal("西南轨道交通大学", user.GetProperty("organisationName").GetString());
        Assert.Equal("university", user.GetProperty("role").GetString());
        var token = new JsonWebToken(body.GetProperty("accessToken").GetString());
        Assert.Equal(host.Service.Issuer, token.Issuer);
        Assert.NotNull((await host.Service.Refresh(body.GetProperty("refreshToken").GetString()!, "ipx-dev-cli")).AccessToken);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401_and_a_missing_field_a_400_naming_it()
    {
        using var client = host.Service.Client();
        var wrong = await client.PostAsJsonAsync("auth/token", new { username = "xjhm", password = "demo-2025" });
        var unknown = await client.PostAsJsonAsync("auth/token", new { username = "nobody", password = IdentityService.DemoPassword });
        var missing = await client.PostAsJsonAsync("auth/token", new { username = "xjhm" });

        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await Body(response);
            Assert.Equal("The username or the password is wrong.", problem.GetProperty("title").GetString());
            Assert.Equal("account.wrong-password", problem.GetProperty("rule").GetString());
        }

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await Body(missing)).GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Production_settings_offer_neither_the_json_endpoint_nor_the_password_grant()
    {
        await using var production = new IdentityService(environment: "Production");
        await production.Start(seed: true);

        using var client = production.Client();
        var json = await client.PostAsJsonAsync("auth/token", new { username = "swrtu", password = IdentityService.DemoPassword });
        var grant = await production.Password("swrtu", IdentityService.DemoPassword);
        var discovery = await Body(await client.GetAsync(".well-known/openid-configuration"));

        // No such endpoint: anonymous callers are asked to sign in (every unknown path is), signed-in ones find nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
        var machine = await production.Token(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = IdentityService.MachineClient, ["client_secret"] = IdentityService.MachineSecret, ["scope"] = "ipexchange",
        });
        using var signedIn = production.Client(machine.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, (await signedIn.PostAsJsonAsync("auth/token", new { username = "swrtu", password = IdentityService.DemoPassword })).StatusCode);
        Assert.Equal("unsupported_grant_type", grant.Error);
        Assert.DoesNotContain(discovery.GetProperty("grant_types_supported").EnumerateArray(), g => g.GetString() == "password");
        Assert.Contains(discovery.GetProperty("grant_types_supported").EnumerateArray(), g => g.GetString() == "authorization_code");
    }

    [Fact]
    public async Task A_production_host_told_to_offer_development_tokens_refuses_to_start()
    {
        await using var production = new IdentityService(environment: "Production", settings: new Dictionary<string, string?> { ["Identity:DevelopmentTokens"] = "true" });

        var failure = await Record.ExceptionAsync(() => production.Start(seed: false));

        Assert.NotNull(failure);
        Assert.Contains("is refused in the Production environment", Flatten(failure), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
