using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using IpExchange.Testing;
using Microsoft.IdentityModel.Tokens;

namespace IpExchange.Gateway.Tests;

/// <summary>
/// Real Kestrel on a loopback port chosen by the OS: YARP forwards over HTTP, so the service
/// behind the gateway has to be a real server, not the in-memory test server.
/// </summary>
internal static class LoopbackKestrel
{
    public static Uri Start<T>(WebApplicationFactory<T> factory) where T : class
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}

/// <summary>
/// The Listing service on the real PostgreSQL (its own schema) and RabbitMQ (its own queue prefix)
/// that deploy/infra.sh starts.
/// </summary>
public sealed class ListingService : WebApplicationFactory<global::Program>
{
    public string Schema { get; } = $"gw_t{DateTime.UtcNow:HHmmss}_{Guid.NewGuid():N}"[..30];

    public Uri Address { get; private set; } = null!;

    public void Start() => Address = LoopbackKestrel.Start(this);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:EventStore", Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")
            ?? throw new InvalidOperationException("Run the tests with deploy/test.sh (or eval \"$(bash deploy/infra.sh env)\"): ConnectionStrings__EventStore is not set."));
        builder.UseSetting("EventStore:Schema", Schema);
        builder.UseSetting("Messaging:Host", "127.0.0.1");
        builder.UseSetting("Messaging:Port", Environment.GetEnvironmentVariable("Messaging__Port") ?? "5672");
        builder.UseSetting("Messaging:EndpointPrefix", Schema.Replace('_', '-'));
        builder.TrustTestTokens();
    }
}

/// <summary>The gateway with its real appsettings.json (routes) and test overrides; it trusts the test run's token issuer.</summary>
public sealed class GatewayService(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public Uri Address { get; private set; } = null!;

    public void Start() => Address = LoopbackKestrel.Start(this);

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.TrustTestTokens();
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

[CollectionDefinition("edge")]
public sealed class EdgeCollection : ICollectionFixture<Edge>;

/// <summary>
/// One Listing service and two gateways in front of it: the ordinary one, and a throttled one
/// (3 requests per user and minute, plus a matching cluster whose only destination is dead).
/// </summary>
public sealed class Edge : IAsyncLifetime
{
    public const string WebOrigin = "http://ui.ipexchange.test";
    public const int ThrottledPerUser = 3;

    private static int _serial = 5000;

    public static readonly Caller Swrtu = new("u-swrtu-1", "李文博", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川");
    public static readonly Caller Xjhm = new("u-xjhm-1", "陈思远", "org-xjhm", "湘江硬质材料研究院", Roles.University, null, "湖南");
    public static readonly Caller HxLoco = new("u-hxloco-1", "张建国", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南");
    public static readonly Caller Staff = new("u-exchange-1", "刘静", "org-exchange", "知识产权交易中心", Roles.Exchange, null, "重庆");

    public ListingService Listing { get; } = new();
    public GatewayService Gateway { get; private set; } = null!;
    public GatewayService Throttled { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Listing.Start();
        var listing = Listing.Address.ToString();
        Gateway = new GatewayService(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:listing:Destinations:d1:Address"] = listing,
            ["RateLimits:PerUserPerMinute"] = "10000",
            ["RateLimits:PerAddressPerMinute"] = "10000",
            ["RateLimits:LoginPerMinute"] = "1000",
            ["Cors:WebOrigin"] = WebOrigin,
        });
        Gateway.Start();
        Throttled = new GatewayService(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:listing:Destinations:d1:Address"] = listing,
            // Port 9 (discard) on loopback: nothing listens there.
            ["ReverseProxy:Clusters:matching:Destinations:d1:Address"] = "http://127.0.0.1:9/",
            ["RateLimits:PerUserPerMinute"] = ThrottledPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:PerAddressPerMinute"] = "1000",
            ["SystemHealth:TimeoutSeconds"] = "2",
        });
        Throttled.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Throttled.DisposeAsync();
        await Gateway.DisposeAsync();
        await Listing.DisposeAsync();
    }

    public static string Token(Caller caller, TimeSpan? lifetime = null, DateTimeOffset? now = null, SecurityKey? key = null,
        string issuer = TestIdentity.Issuer, string audience = TestIdentity.Audience) =>
        TestIdentity.Token(caller, lifetime, now, key, issuer, audience);

    public HttpClient As(Caller? caller) => Gateway.Client(caller is null ? null : Token(caller));

    /// <summary>A fresh, valid invention number with its check character.</summary>
    public static string NewNumber(int year = 2019)
    {
        var digits = $"{year}1{Interlocked.Increment(ref _serial) + Random.Shared.Next(100000, 9000000):D7}"[..12];
        return $"ZL{digits}.{PatentNumber.CheckCharacter(digits)}";
    }

    public static object PatentRequest(string number, string title = "一种重载机车牵引电机的温升预测方法") => new
    {
        number,
        title,
        titleEn = "Temperature rise prediction of heavy-haul locomotive traction motors",
        @abstract = "本发明公开了一种基于运行工况的牵引电机温升预测方法，用于重载机车的热管理。",
        ipcCodes = new[] { "B61C 17/00", "H02K 9/00" },
        type = "Invention",
        filingDate = $"{number.AsSpan(2, 4)}-04-10",
        grantDate = "2022-06-01",
        legalStatus = "Valid",
        inventors = new[] { "李文博", "Zhou Min" },
        claimsCount = 8,
    };

    public static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
