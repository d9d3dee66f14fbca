using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using Marten;
using Marten.Events;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.Monitoring.Tests;

[CollectionDefinition("monitoring-api")]
public sealed class MonitoringApiCollection : ICollectionFixture<MonitoringApi>;

/// <summary>
/// The Monitoring service in-process on the real PostgreSQL and RabbitMQ. Tests play the other
/// services: they publish their integration events on the real bus and wait for the cockpit.
/// </summary>
public sealed class MonitoringApi() : ServiceFactory<Program>("monitoring")
{
    /// <summary>
    /// The audit asks "the listing and matching services" for their evidence: here, over the real HTTP
    /// pipeline, this very service, whose copies of those streams carry the same ids. The contract
    /// service is left unconfigured, to show how that is reported.
    /// </summary>
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (OwnVirtualHost() is { } vhost)
        {
            builder.UseSetting("Messaging:VirtualHost", vhost);
        }

        builder.UseSetting("Services:listing", "http://localhost/");
        builder.UseSetting("Services:matching", "http://localhost/");
        builder.ConfigureServices(services => services.AddHttpClient(Audit.SourceEvidence.Client).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler()));
    }

    public static readonly Caller Staff = new("u-ex", "审核员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆");
    public static readonly Caller Uni = new("u-uni", "王老师", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川");
    public static readonly Caller OtherUni = new("u-xj", "李老师", "org-xjhm", "湘江化工材料研究院", Roles.University, null, "湖南");
    public static readonly Caller Rail = new("u-rail", "张经理", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南");
    public static readonly Caller Tools = new("u-tool", "赵经理", "org-ljtool", "渌江精密刀具有限公司", Roles.Enterprise, "渌江矿冶集团", "湖南");

    private const string VirtualHost = "ipx-monitoring-tests";

    /// <summary>
    /// The cockpit hears every service's events, so services of other test runs on the same broker
    /// (a Listing service refusing these tests' deals, a Contract service drafting for them) would
    /// answer the facts these tests feed. A virtual host of its own on the same real RabbitMQ keeps
    /// these tests' traffic apart. Created through the management API when the broker has it.
    /// </summary>
    private static string? OwnVirtualHost()
    {
        var port = Environment.GetEnvironmentVariable("Messaging__ManagementPort");
        if (string.IsNullOrEmpty(port))
        {
            return null;
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var credentials = $"{Environment.GetEnvironmentVariable("Messaging__Username") ?? "guest"}:{Environment.GetEnvironmentVariable("Messaging__Password") ?? "guest"}";
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        using var created = http.Send(new HttpRequestMessage(HttpMethod.Put, $"api/vhosts/{VirtualHost}") { Content = System.Net.Http.Json.JsonContent.Create(new { }) });
        var user = credentials[..credentials.IndexOf(':', StringComparison.Ordinal)];
        using var allowed = http.Send(new HttpRequestMessage(HttpMethod.Put, $"api/permissions/{VirtualHost}/{user}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }),
        });
        return created.IsSuccessStatusCode && allowed.IsSuccessStatusCode ? VirtualHost : null;
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A listing as the Listing service publishes it.</summary>
    public static ListingPublished Listing(string ipc = "B61L 27/00", decimal asking = 1_000_000m, DealKind kind = DealKind.Assignment, string owner = "org-swrtu",
        string ownerName = "西南轨道交通大学", string region = "四川", DateOnly? expiresOn = null, bool pledged = false, int claims = 10,
        PatentType type = PatentType.Invention, DateTimeOffset? at = null) =>
        new(NewId("L"), owner, ownerName, region, "轨道交通牵引变流器控制方法", "Traction converter control", "一种牵引变流器的控制方法", kind, PricingMethod.Negotiated,
            TradingMode.ListingTransfer, asking, null, null, null, null, [], at ?? DateTimeOffset.UtcNow, (at ?? DateTimeOffset.UtcNow).AddDays(90), null,
            [new ListedPatent("201910100001.X", "201910100001.X", "牵引变流器控制方法", type, [ipc], new DateOnly(2019, 1, 1), expiresOn ?? new DateOnly(2039, 1, 1), claims, pledged)],
            at ?? DateTimeOffset.UtcNow);

    public static DealStruck Deal(ListingPublished listing, string buyer = "org-xtrail", decimal? price = null, DealKind? kind = null, DateTimeOffset? at = null) =>
        new(NewId("D"), listing.ListingId, listing.OwnerOrganisationId, buyer, price ?? listing.AskingPrice, kind ?? listing.DealKind, TradingMode.ListingTransfer,
            PricingMethod.Negotiated, "按挂牌条件成交", [new PaymentTerm("全款", price ?? listing.AskingPrice, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)))], null,
            at ?? DateTimeOffset.UtcNow);

    public static AgreementDrafted Drafted(DealStruck deal, DateTimeOffset at, DateTimeOffset? signingDeadline = null) =>
        new($"A-{deal.DealId}", deal.DealId, deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, deal.DealKind, deal.Price, "hash-1",
            signingDeadline ?? at.AddDays(10), at);

    public static AgreementSigned SignedBy(DealStruck deal, string org, bool both, DateTimeOffset at) =>
        new($"A-{deal.DealId}", deal.DealId, org, $"u-{org}", "hash-1", both, at);

    public static AgreementRecorded Recorded(DealStruck deal, DateTimeOffset at) => new($"A-{deal.DealId}", deal.DealId, deal.ListingId, $"R-{deal.DealId}", at);

    public static PaymentReceived Paid(DealStruck deal, decimal amount, decimal outstanding, DateTimeOffset at) =>
        new($"A-{deal.DealId}", deal.DealId, "全款", amount, outstanding, at);

    public static RoyaltyPaid RoyaltyPaid(DealStruck deal, int period, decimal amount, decimal outstanding, DateTimeOffset at) =>
        new($"A-{deal.DealId}", deal.DealId, deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, period, amount, outstanding, at);

    public static ContractCompleted Completed(DealStruck deal, DateTimeOffset at, decimal? price = null) =>
        new($"A-{deal.DealId}", deal.DealId, deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, price ?? deal.Price, at);

    public static ContractCancelled Cancelled(DealStruck deal, DateTimeOffset at) => new($"A-{deal.DealId}", deal.DealId, deal.ListingId, "乙方未在期限内签署", at);

    public static AuctionBidAccepted Bid(string auctionId, string listingId, string org, string? group, decimal amount, DateTimeOffset at) =>
        new(auctionId, listingId, org, group, amount, at, at.AddMinutes(30));

    /// <summary>Publishes each message on the real bus, in order, each after the previous one was sent.</summary>
    public async Task Send(params object[] messages)
    {
        foreach (var message in messages)
        {
            await Bus.Publish(message, message.GetType());
        }
    }

    /// <summary>Publishes with a given message id: the same id twice is a redelivery.</summary>
    public Task SendWithId(object message, Guid messageId) =>
        Bus.Publish(message, message.GetType(), context => context.MessageId = messageId);

    public async Task<JsonElement> Get(Caller caller, string path)
    {
        var response = await As(caller).GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Body(response);
    }

    public async Task<JsonElement?> Deal(string dealId)
    {
        var deals = await Get(Staff, "/api/cockpit/deals");
        foreach (var d in deals.EnumerateArray())
        {
            if (d.GetProperty("dealId").GetString() == dealId)
            {
                return d;
            }
        }

        return null;
    }

    public async Task<string?> DealStage(string dealId) => (await Deal(dealId))?.GetProperty("stage").GetString();

    public async Task<JsonElement[]> Alerts(string? dealId = null, string? rule = null)
    {
        var query = string.Join('&', new[] { dealId is null ? null : $"dealId={dealId}", rule is null ? null : $"rule={rule}" }.Where(q => q is not null));
        return (await Get(Staff, $"/api/alerts?{query}")).EnumerateArray().ToArray();
    }

    public async Task<bool> HasListing(string listingId) => (await As(Staff).GetAsync($"/api/cockpit/listings/{listingId}")).IsSuccessStatusCode;

    public async Task<int> AuctionBids(string auctionId)
    {
        var response = await As(Staff).GetAsync($"/api/cockpit/auctions/{auctionId}");
        return response.IsSuccessStatusCode ? (await Body(response)).GetProperty("bids").GetInt32() : 0;
    }

    /// <summary>How many facts from the other services the store holds (not the cockpit's own alerts, findings and notes).</summary>
    public async Task<long> Facts()
    {
        var store = Services.GetRequiredService<EventStore.EventStore>();
        await using var cmd = store.DataSource.CreateCommand(store.Sql("SELECT count(*) FROM {schema}.mt_events WHERE stream_id NOT LIKE 'alert-%' AND type NOT IN ('DealStuck', 'DealAwaitingListing')"));
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Sends a phase of messages (at most one per deal or listing, so their order cannot matter), waits until all are kept and the cockpit's documents caught up with them.</summary>
    public async Task Phase(params object[] messages)
    {
        var before = await Facts();
        await Send(messages);
        // At least: a late duplicate of another test's message may land meanwhile; these tests run one at a time.
        await Eventually(async () => await Facts() >= before + messages.Length, $"{messages.Length} facts to be kept");
        await Settled();
    }

    /// <summary>Waits until Marten's async daemon has folded every event stored so far into the cockpit's documents.</summary>
    public Task Settled() => Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits until every stage deadline already due has fired (a deadline still ahead stays), and the documents show what they found.</summary>
    public async Task DeadlinesPassed()
    {
        var store = Services.GetRequiredService<EventStore.EventStore>();
        await Eventually(async () =>
        {
            await using var cmd = store.DataSource.CreateCommand(store.Sql("SELECT count(*) FROM {schema}.timers WHERE kind = 'deal-deadline' AND due_at <= now() AND attempts = 0"));
            return (long)(await cmd.ExecuteScalarAsync())! == 0;
        }, "the deadlines due to fire");
        await Settled();
    }
}
