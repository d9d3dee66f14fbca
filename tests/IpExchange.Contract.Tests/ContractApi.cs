using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.Contract.Catalogue;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.Contract.Tests;

[CollectionDefinition("contract-api")]
public sealed class ContractApiCollection : ICollectionFixture<ContractApi>;

/// <summary>
/// The Contract service in-process on the real PostgreSQL and RabbitMQ that deploy/test.sh starts.
/// <see cref="SigningDeadline"/> shortens the signing window for the deadline tests.
/// </summary>
public class ContractApi() : ServiceFactory<Program>("contract")
{
    // Each the administrator, operator and signer of its organisation, as the demo members' users are.
    public static readonly Caller Uni = new("u-uni", "王老师", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川", OrganisationRoles: OrganisationRoles.All);
    public static readonly Caller Rail = new("u-rail", "张经理", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南", OrganisationRoles: OrganisationRoles.All);
    public static readonly Caller Tools = new("u-tool", "赵经理", "org-ljtool", "渌江精密刀具有限公司", Roles.Enterprise, "渌江矿冶集团", "湖南", OrganisationRoles: OrganisationRoles.All);
    public static readonly Caller Staff = new("u-ex", "登记员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆", OrganisationRoles: OrganisationRoles.All);

    public TimeSpan? SigningDeadline { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:VirtualHost", IsolatedVirtualHost.Name.Value);
        if (SigningDeadline is { } deadline)
        {
            builder.UseSetting("Contract:SigningDeadline", deadline.ToString("c", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A listing as the Listing service would publish it (owned by the university), with a unique id.</summary>
    public static ListingPublished Listing(string title, DealKind kind = DealKind.Assignment, decimal asking = 1_000_000m) =>
        new($"L-{Guid.NewGuid():N}"[..14], Uni.OrganisationId, Uni.OrganisationName, "四川", title, null, title, kind, PricingMethod.Negotiated,
            TradingMode.Negotiated, asking, null, null, null, null, [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), null,
            [new ListedPatent("201910100001.X", "201910100001.X", title, PatentType.Invention, ["H02M 7/48"], new DateOnly(2019, 1, 1), new DateOnly(2039, 1, 1), 10, false)],
            DateTimeOffset.UtcNow);

    /// <summary>A struck deal between the university (seller) and the rail enterprise (buyer), with a unique id.</summary>
    public static DealStruck Deal(string listingId, decimal price = 1_000_000m, DealKind kind = DealKind.Assignment, IReadOnlyList<PaymentTerm>? schedule = null, decimal? royalty = null) =>
        new($"D-{Guid.NewGuid():N}"[..14], listingId, Uni.OrganisationId, Rail.OrganisationId, price, kind, TradingMode.Negotiated, PricingMethod.Negotiated,
            "双方协商一致成交。", schedule ?? [new PaymentTerm("首付款", price * 0.3m, Today.AddDays(30)), new PaymentTerm("尾款", price * 0.7m, Today.AddDays(90))],
            royalty, DateTimeOffset.UtcNow);

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string AgreementId(DealStruck deal) => $"AG-{deal.DealId}";

    /// <summary>Publishes the deal on the real bus and waits until its agreement is drafted; returns the agreement's view.</summary>
    public async Task<JsonElement> Draft(DealStruck deal, ListingPublished? listing = null)
    {
        if (listing is not null)
        {
            await Bus.Publish(listing);
            await ListingKnown(listing.ListingId);
        }

        await Bus.Publish(deal);
        return await Agreement(AgreementId(deal), Uni, view => true, "the agreement to be drafted");
    }

    /// <summary>
    /// Waits until the catalogue learned the listing from ListingPublished: it is consumed from
    /// another queue than the deal, and the agreement's text is written from what is known then.
    /// </summary>
    public async Task ListingKnown(string listingId)
    {
        var store = Services.GetRequiredService<EventStore.EventStore>();
        await Eventually(async () =>
        {
            await using var query = store.Marten.QuerySession();
            return await query.LoadAsync<KnownListing>(listingId) is not null;
        }, $"listing {listingId} to reach the catalogue");
    }

    /// <summary>Waits until the agreement seen by <paramref name="caller"/> satisfies <paramref name="condition"/>.</summary>
    public async Task<JsonElement> Agreement(string id, Caller caller, Func<JsonElement, bool> condition, string what, int seconds = 30)
    {
        JsonElement view = default;
        await Eventually(async () =>
        {
            var response = await As(caller).GetAsync($"/api/agreements/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            view = await Body(response);
            return condition(view);
        }, what, seconds);
        return view;
    }

    public async Task<HttpResponseMessage> Sign(Caller caller, string id, string hash) =>
        await As(caller).PostAsJsonAsync($"/api/agreements/{id}/signatures", new { contentHash = hash });

    /// <summary>Both parties sign the current text; returns the view after the second signature.</summary>
    public async Task<JsonElement> SignByBoth(string id, string hash)
    {
        var first = await Sign(Uni, id, hash);
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var second = await Sign(Rail, id, hash);
        Assert.True(second.StatusCode == HttpStatusCode.OK, await second.Content.ReadAsStringAsync());
        return await Body(second);
    }

    public async Task<JsonElement> Record(string id)
    {
        var response = await As(Staff).PostAsync($"/api/agreements/{id}/record", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Body(response);
    }
}

/// <summary>
/// Other test projects may run at the same time on the same RabbitMQ, and a Listing service among
/// them refuses every deal of these tests (its schema has no such listing), which would cancel the
/// agreements here. The tests therefore run in a virtual host of their own, created through the
/// management API; without it they fall back to the default one (fine when run alone, as CI does).
/// </summary>
public static class IsolatedVirtualHost
{
    public static readonly Lazy<string> Name = new(Create);

    private static string Create()
    {
        const string name = "ipx-contract-tests";
        var port = Environment.GetEnvironmentVariable("Messaging__ManagementPort");
        if (string.IsNullOrEmpty(port))
        {
            return "/";
        }

        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var user = Environment.GetEnvironmentVariable("Messaging__Username") ?? "guest";
            var password = Environment.GetEnvironmentVariable("Messaging__Password") ?? "guest";
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
            http.PutAsync($"api/vhosts/{name}", null).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            http.PutAsJsonAsync($"api/permissions/{name}/{user}", new { configure = ".*", write = ".*", read = ".*" }).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            return name;
        }
        catch (HttpRequestException)
        {
            return "/";
        }
        catch (TaskCanceledException)
        {
            return "/";
        }
    }
}

public static class Json
{
    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static string? Rule(this JsonElement problem) => problem.TryGetProperty("rule", out var rule) ? rule.GetString() : null;

    public static bool HasError(this JsonElement problem, string field) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);
}

/// <summary>The system clock moved forward by a settable offset; timers use it to decide what is due.</summary>
