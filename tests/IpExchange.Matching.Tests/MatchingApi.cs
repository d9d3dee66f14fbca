using System.Net.Http.Headers;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IpExchange.Matching.Tests;

[CollectionDefinition("matching-api")]
public sealed class MatchingApiCollection : ICollectionFixture<MatchingApi>;

/// <summary>The Matching service in-process on the real PostgreSQL and RabbitMQ that deploy/test.sh starts.</summary>
public sealed class MatchingApi : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>
    /// Starts the service and waits until its receive endpoints are bound: a message published
    /// before its queue exists is dropped by RabbitMQ, and a test would wait for it in vain.
    /// </summary>
    public async Task InitializeAsync() =>
        await Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public const string SigningKey = "matching-tests-signing-key-at-least-32-bytes-long";

    public static readonly Caller Rail = new("u-rail", "张经理", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南");
    public static readonly Caller Tools = new("u-tool", "赵经理", "org-ljtool", "渌江精密刀具有限公司", Roles.Enterprise, "渌江矿冶集团", "湖南");
    public static readonly Caller Uni = new("u-uni", "王老师", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川");
    public static readonly Caller Staff = new("u-ex", "审核员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆");

    /// <summary>Set it to an existing schema, and a second instance plays the same service restarted.</summary>
    public string Schema { get; init; } = $"matching_t{DateTime.UtcNow:HHmmss}_{Guid.NewGuid():N}"[..30];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:EventStore", Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")
            ?? throw new InvalidOperationException("Run the tests with deploy/test.sh: ConnectionStrings__EventStore is not set."));
        builder.UseSetting("EventStore:Schema", Schema);
        builder.UseSetting("Messaging:Port", Environment.GetEnvironmentVariable("Messaging__Port") ?? "5672");
        builder.UseSetting("Messaging:EndpointPrefix", Schema.Replace('_', '-'));
        builder.UseSetting("Auth:SigningKey", SigningKey);
    }

    public HttpClient As(Caller caller)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            new TokenIssuer(Options.Create(new AuthOptions { SigningKey = SigningKey })).Issue(caller));
        return client;
    }

    public IBus Bus => Services.GetRequiredService<IBus>();

    /// <summary>A listing as the Listing service would publish it, with a unique id.</summary>
    public static ListingPublished Published(string title, string[] ipc, decimal asking = 1_000_000m, DealKind kind = DealKind.Assignment,
        string? directedTo = null, string owner = "org-swrtu", PricingMethod pricing = PricingMethod.Negotiated, decimal? reserve = null) =>
        new($"L-{Guid.NewGuid():N}"[..14], owner, "西南轨道交通大学", "四川", title, null, title, kind, pricing,
            directedTo is null ? (pricing == PricingMethod.Auction ? TradingMode.Bidding : TradingMode.Negotiated) : TradingMode.Directed,
            asking, reserve ?? asking * 0.9m, null, directedTo, null, [],
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), null,
            [new ListedPatent("201910100001.X", "201910100001.X", title, PatentType.Invention, ipc, new DateOnly(2019, 1, 1), new DateOnly(2039, 1, 1), 10, false)],
            DateTimeOffset.UtcNow);

    public static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting for: {what}");
    }
}
