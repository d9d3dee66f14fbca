using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using IpExchange.Identity.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IpExchange.Identity.Tests;

/// <summary>
/// What a protected endpoint (<c>GET /api/users/me</c>, validated by the same ServiceDefaults code as
/// every service, keys from the issuer's discovery) accepts and refuses. Tokens minted here with the
/// server's own signing key differ from a real one in one field each, and a control minted the same
/// way is accepted, so each 401 tests exactly that field.
/// </summary>
[Collection("identity")]
public sealed class TokenValidationTests(IdentityHost host)
{
    private IdentityService Service => host.Service;

    private async Task<HttpStatusCode> Me(string? token)
    {
        using var client = Service.Client(token);
        return (await client.GetAsync("api/users/me")).StatusCode;
    }

    private SecurityKey ServerKey() => Service.Services.GetRequiredService<KeyRing>().CurrentSigningKey()!.Key;

    private static string Mint(SecurityKey key, string issuer, string audience, DateTime notBefore, DateTime expires, string type = "at+jwt") =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            TokenType = type,
            Subject = new ClaimsIdentity([new Claim("sub", "u-swrtu-1"), new Claim("name", "李文博"), new Claim("org", "org-swrtu"), new Claim("org_name", "西南轨道交通大学"),
                new Claim("role", "university"), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    [Fact]
    public async Task A_control_token_minted_with_the_servers_key_is_accepted()
    {
        var now = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, await Me(Mint(ServerKey(), Service.Issuer, "ipexchange", now.AddMinutes(-1), now.AddMinutes(5))));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused_with_401()
    {
        var now = DateTime.UtcNow;
        using var foreign = RSA.Create(2048);
        var foreignKey = new RsaSecurityKey(foreign) { KeyId = "someone-else" };

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(Mint(foreignKey, "http://127.0.0.1:9/", "ipexchange", now.AddMinutes(-1), now.AddMinutes(5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(Mint(foreignKey, Service.Issuer, "ipexchange", now.AddMinutes(-1), now.AddMinutes(5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(Mint(ServerKey(), "http://127.0.0.1:9/", "ipexchange", now.AddMinutes(-1), now.AddMinutes(5))));
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_with_401()
    {
        var other = await Service.Token(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = IdentityService.MachineClient, ["client_secret"] = IdentityService.MachineSecret, ["scope"] = "other.api",
        });
        Assert.Equal(["other-api"], new JsonWebToken(other.AccessToken).Audiences);

        Assert.Equal(HttpStatusCode.Unauthorized, await Me(other.AccessToken));
        var now = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(Mint(ServerKey(), Service.Issuer, "other-api", now.AddMinutes(-1), now.AddMinutes(5))));
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_401()
    {
        var now = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(Mint(ServerKey(), Service.Issuer, "ipexchange", now.AddMinutes(-20), now.AddMinutes(-5))));
    }

    [Fact]
    public async Task An_id_token_or_a_tampered_token_is_no_access_token()
    {
        var tokens = await Service.Password("swrtu", IdentityService.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, await Me(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(tokens.IdToken));
        var now = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(Mint(ServerKey(), Service.Issuer, "ipexchange", now.AddMinutes(-1), now.AddMinutes(5), type: "JWT")));
        var parts = tokens.AccessToken!.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"university\"", "\"exchange\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(null));
    }

    [Fact]
    public async Task A_revoked_refresh_token_gives_no_more_tokens_and_a_replayed_one_revokes_its_successors()
    {
        var member = await host.VerifiedMember();
        using var browser = new Browser(Service.Address);
        var tokens = (await browser.SignIn(member.AdminUserName, member.AdminPassword)).Tokens!;
        using var client = Service.Client();

        var revoke = await client.PostAsync("connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = Browser.ClientId, ["token"] = tokens.RefreshToken!, ["token_type_hint"] = "refresh_token",
        }));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        // RFC 6749 §5.2: the token endpoint answers invalid_grant (400), and the web UI signs the user out.
        var refused = await Service.Refresh(tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalid_grant", refused.Error);
    }

    [Fact]
    public async Task A_machine_integration_gets_a_token_by_client_credentials_and_a_wrong_secret_gets_none()
    {
        var machine = await Service.Token(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = IdentityService.MachineClient, ["client_secret"] = IdentityService.MachineSecret, ["scope"] = "ipexchange",
        });
        var token = new JsonWebToken(machine.AccessToken);
        Assert.Null(machine.RefreshToken);
        Assert.Equal(IdentityService.MachineClient, token.Subject);
        Assert.Equal("org-exchange", token.GetClaim("org").Value);
        Assert.Equal("exchange", token.GetClaim("role").Value);
        Assert.DoesNotContain(token.Claims, c => c.Type == "org_role");
        // Accepted as a caller: a machine has no account, so its "me" is not found rather than unauthorised.
        Assert.Equal(HttpStatusCode.NotFound, await Me(machine.AccessToken));

        using var staff = Service.Client(machine.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("api/organisations?status=Verified")).StatusCode);
        var wrong = await Service.Token(new() { ["grant_type"] = "client_credentials", ["client_id"] = IdentityService.MachineClient, ["client_secret"] = "wrong", ["scope"] = "ipexchange" });
        Assert.Equal("invalid_client", wrong.Error);
        var publicClient = await Service.Token(new() { ["grant_type"] = "client_credentials", ["client_id"] = Browser.ClientId, ["scope"] = "ipexchange" });
        Assert.NotNull(publicClient.Error);
    }

    [Fact]
    public async Task Authorization_without_pkce_or_with_plain_pkce_or_an_unregistered_redirect_is_refused()
    {
        using var browser = new Browser(Service.Address);
        var callback = Uri.EscapeDataString(browser.Callback.ToString());
        var noPkce = await browser.Http.GetAsync($"connect/authorize?client_id=ipx-web&response_type=code&redirect_uri={callback}&scope=openid&state=s");
        var plain = await browser.Http.GetAsync($"connect/authorize?client_id=ipx-web&response_type=code&redirect_uri={callback}&scope=openid&state=s&code_challenge=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq&code_challenge_method=plain");
        var evil = await browser.Http.GetAsync($"connect/authorize?client_id=ipx-web&response_type=code&redirect_uri={Uri.EscapeDataString("http://127.0.0.1:9/steal")}&scope=openid&state=s&code_challenge={Browser.Pkce().Challenge}&code_challenge_method=S256");

        // OpenIddict answers these to the browser itself (400), not to the client's redirect URI.
        foreach (var (response, why) in new[] { (noPkce, "'code_challenge' parameter is missing"), (plain, "'code_challenge_method' is not supported") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("invalid_request", body, StringComparison.Ordinal);
            Assert.Contains(why, body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Null(evil.Headers.Location);
    }
}
