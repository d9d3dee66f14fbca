using System.Net;
using IpExchange.Identity.Accounts;
using IpExchange.Identity.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IpExchange.Identity.Tests;

/// <summary>The signing keys live in the database: a restart keeps them, a rotation announces the successor before it signs.</summary>
public sealed class SigningKeyTests
{
    private static async Task<HashSet<string>> SigningKeyIds(IdentityService service)
    {
        using var client = service.Client();
        var jwks = await Body(await client.GetAsync(".well-known/jwks"));
        return [.. jwks.GetProperty("keys").EnumerateArray().Where(k => k.GetProperty("use").GetString() == "sig").Select(k => k.GetProperty("kid").GetString()!)];
    }

    private static async Task<HttpStatusCode> Me(IdentityService service, string? token)
    {
        using var client = service.Client(token);
        return (await client.GetAsync("api/users/me")).StatusCode;
    }

    [Fact]
    public async Task Keys_tokens_and_refresh_tokens_survive_a_restart()
    {
        string schema;
        int port;
        HashSet<string> before;
        TokenAnswer issued;
        await using (var first = new IdentityService())
        {
            await first.Start();
            (schema, port) = (first.Schema, first.Port);
            before = await SigningKeyIds(first);
            issued = await first.Password("lj-tool", IdentityService.DemoPassword);
            Assert.Equal(HttpStatusCode.OK, await Me(first, issued.AccessToken));
        }

        await using var second = new IdentityService(schema, port);
        await second.Start(seed: false);

        Assert.Equal(before, await SigningKeyIds(second));
        Assert.Single(before);
        Assert.Equal(HttpStatusCode.OK, await Me(second, issued.AccessToken));
        Assert.NotNull((await second.Refresh(issued.RefreshToken!, "ipx-dev-cli")).AccessToken);
    }

    [Fact]
    public async Task A_rotated_key_is_published_before_it_signs_and_the_old_keys_tokens_stay_valid()
    {
        await using var service = new IdentityService();
        await service.Start();
        var old = (await SigningKeyIds(service)).Single();
        var beforeRotation = await service.Password("xt-rail", IdentityService.DemoPassword);

        var ring = service.Services.GetRequiredService<KeyRing>();
        // A lead long enough that the token asked for just below is still signed with the old key on a busy machine.
        await ring.Rotate("sig", TimeSpan.FromSeconds(10));
        service.Services.GetRequiredService<KeyRotation>().Reload();

        var published = await SigningKeyIds(service);
        Assert.Equal(2, published.Count);
        Assert.Equal(old, new JsonWebToken((await service.Password("xt-rail", IdentityService.DemoPassword)).AccessToken).Kid);

        var successor = published.Single(k => k != old);
        string? signedWith = null;
        await Eventually(async () =>
        {
            signedWith = new JsonWebToken((await service.Password("xt-rail", IdentityService.DemoPassword)).AccessToken).Kid;
            return signedWith == successor;
        }, "tokens signed with the successor once it is valid", seconds: 40);

        // A validator that read the keys during the lead knows both: tokens of the old key and of its successor pass.
        var afterRotation = await service.Password("xt-rail", IdentityService.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, await Me(service, beforeRotation.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await Me(service, afterRotation.AccessToken));
    }

    [Fact]
    public void The_committed_schema_is_what_ef_core_derives_from_the_model_now()
    {
        Assert.Equal(IdentitySchema.CommittedModel(), IdentitySchema.PrintModel("Host=127.0.0.1"));
    }
}
