using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IpExchange.Identity.Tests;

/// <summary>The gateway with its real routes in front of the Identity service, on real Kestrel, as deploy/run.sh wires them.</summary>
public sealed class GatewayHost(int port, Uri identity) : WebApplicationFactory<Gateway.Program>
{
    public Uri Address { get; } = new($"http://127.0.0.1:{port}/");

    public void Start()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Auth:Authority", Address.ToString());
        builder.UseSetting("Auth:MetadataAddress", new Uri(identity, ".well-known/openid-configuration").ToString());
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("ReverseProxy:Clusters:identity:Destinations:d1:Address", identity.ToString());
        builder.UseSetting("RateLimits:LoginPerMinute", "1000");
    }
}

/// <summary>The issuer is the gateway's public address; the Identity service sits behind it.</summary>
public sealed class GatewayFront : IAsyncLifetime
{
    // One per fixture: test classes run in parallel, each with its own gateway.
    private readonly int _gatewayPort;

    public GatewayFront()
    {
        _gatewayPort = IdentityService.FreePort();
        Identity = new IdentityService(issuer: $"http://127.0.0.1:{_gatewayPort}/");
    }

    public IdentityService Identity { get; }

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Identity.Start();
        Gateway = new GatewayHost(_gatewayPort, Identity.Address);
        Gateway.Start();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Identity.DisposeAsync();
    }
}

public sealed class GatewayFrontTests(GatewayFront front) : IClassFixture<GatewayFront>
{
    [Fact]
    public async Task Discovery_through_the_gateway_names_the_gateways_public_addresses()
    {
        using var client = new HttpClient { BaseAddress = front.Gateway.Address };
        var discovery = await Body(await client.GetAsync(".well-known/openid-configuration"));

        Assert.Equal(front.Gateway.Address.ToString(), discovery.GetProperty("issuer").GetString());
        Assert.Equal(new Uri(front.Gateway.Address, "connect/token").ToString(), discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(new Uri(front.Gateway.Address, "connect/authorize").ToString(), discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(new Uri(front.Gateway.Address, ".well-known/jwks").ToString(), discovery.GetProperty("jwks_uri").GetString());
    }

    [Fact]
    public async Task A_user_signs_in_by_code_and_pkce_through_the_gateway_and_the_gateway_accepts_the_token()
    {
        using var browser = new Browser(front.Gateway.Address);
        var signedIn = await browser.SignIn("xt-semi", IdentityService.DemoPassword);
        var token = signedIn.Tokens!.AccessToken;
        Assert.Equal(front.Gateway.Address.ToString(), new JsonWebToken(token).Issuer);

        using var client = new HttpClient { BaseAddress = front.Gateway.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await Body(await client.GetAsync("auth/me"));
        Assert.Equal("org-xtsemi", me.GetProperty("organisationId").GetString());
        Assert.Equal("湘通功率半导体有限公司", me.GetProperty("organisationName").GetString());
        Assert.Equal("Enterprise", me.GetProperty("organisationKind").GetString());
        Assert.Equal("湘通集团", me.GetProperty("group").GetString());
        Assert.Contains("signer", me.GetProperty("organisationRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/users/me")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_login_session_so_the_next_sign_in_asks_for_the_password_again()
    {
        using var browser = new Browser(front.Gateway.Address);
        var first = await browser.SignIn("xjhm", IdentityService.DemoPassword);
        Assert.NotNull(first.Tokens?.AccessToken);
        var (_, challenge) = Browser.Pkce();
        var withSession = await browser.Http.GetAsync(browser.AuthorizeUrl(challenge, "again"));
        Assert.StartsWith(browser.Callback.ToString(), withSession.Headers.Location!.ToString(), StringComparison.Ordinal);

        var endSession = await browser.Http.GetAsync($"connect/endsession?client_id={Browser.ClientId}&id_token_hint={first.Tokens!.IdToken}");

        Assert.Equal(HttpStatusCode.Redirect, endSession.StatusCode);
        Assert.Equal("/", endSession.Headers.Location!.OriginalString.Replace(front.Gateway.Address.ToString(), "/", StringComparison.Ordinal));
        var afterSignOut = await browser.Http.GetAsync(browser.AuthorizeUrl(challenge, "after"));
        Assert.Contains("/account/login", afterSignOut.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_token_endpoint_keeps_its_shape_through_the_gateway_in_development()
    {
        using var client = new HttpClient { BaseAddress = front.Gateway.Address };
        var login = await client.PostAsJsonAsync("auth/token", new { username = "exchange", password = IdentityService.DemoPassword });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await Body(login);
        Assert.Equal("exchange", body.GetProperty("user").GetProperty("role").GetString());
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/organisations?status=Applied")).StatusCode);
        // The application is open to anyone; everything else about organisations needs a token at the edge already.
        using var anonymous = new HttpClient { BaseAddress = front.Gateway.Address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/organisations/mine")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("api/organisations/applications/check", new { })).StatusCode);
    }
}
