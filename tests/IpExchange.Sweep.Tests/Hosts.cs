extern alias listing;
extern alias matching;
extern alias contract;
extern alias monitoring;
extern alias identity;
extern alias finance;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.Sweep.Tests;

/// <summary>The people the sweep acts as.</summary>
public static class People
{
    public static readonly Caller Uni = new("u-uni", "王老师", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川");
    public static readonly Caller Rail = new("u-rail", "张经理", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南");
    public static readonly Caller Tools = new("u-tool", "赵经理", "org-ljtool", "渌江精密刀具有限公司", Roles.Enterprise, "渌江矿冶集团", "湖南");
    public static readonly Caller Staff = new("u-ex", "审核员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆");
    public static readonly Caller Bank = new("u-bank", "刘行长", "org-cqbank", "重庆渝江银行股份有限公司", Roles.Bank, null, "重庆", OrganisationKind: "Bank");
    public static readonly Caller Guarantor = new("u-guar", "陈经理", "org-cqguar", "重庆科技融资担保有限公司", Roles.Guarantor, null, "重庆", OrganisationKind: "GuaranteeInstitution");
    public static readonly Caller Borrower = new("u-rail", "张经理", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南", OrganisationKind: "Enterprise");
}

/// <summary>A service hosted for the sweep: its own schema, its own virtual host, a clock the sweep can move.</summary>
public interface ISweptService
{
    string Name { get; }

    MovableClock Clock { get; }

    /// <summary>Waits until every timer due by the service's clock has fired.</summary>
    Task DueTimersFired();

    HttpClient As(Caller? caller);

    MassTransit.IBus Bus { get; }

    IServiceProvider Services { get; }

    /// <summary>The service's OpenAPI document, as the gateway serves it.</summary>
    async Task<ApiDoc> Document()
    {
        var json = await As(null).GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        return new ApiDoc(Name, JsonNode.Parse(json)!);
    }
}

public abstract class SweptService<TProgram>(string name) : ServiceFactory<TProgram>(name), ISweptService
    where TProgram : class
{
    public string Name { get; } = name;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:VirtualHost", VirtualHosts.Isolated($"ipx-sweep-{Name}"));
        // A thousand refusals are logged at Information: only warnings and errors are worth reading here.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

public sealed class ListingService() : SweptService<listing::Program>("listing");

public sealed class MatchingService() : SweptService<matching::Program>("matching");

public sealed class ContractService() : SweptService<contract::Program>("contract");

public sealed class MonitoringService() : SweptService<monitoring::Program>("monitoring");

public sealed class FinanceService() : SweptService<finance::Program>("finance");

/// <summary>
/// The Identity service for the sweep, hosted as tests/IpExchange.Identity.Tests hosts it: real Kestrel
/// at a loopback port chosen before it starts (its issuer names it), its own signing keys in its own
/// schema, its own API validating the tokens it issues through its discovery document. The sweep's
/// people act as the seeded demo users of their organisations, with tokens from its own password grant
/// (on in Testing only), not the test issuer the other services trust.
/// </summary>
public sealed class IdentityService : WebApplicationFactory<identity::Program>, ISweptService
{
    private const string DemoPassword = "demo-2026";

    /// <summary>The demo user who acts for each of the sweep's people (the first administrator, operator and signer of its organisation).</summary>
    private static readonly Dictionary<string, string> DemoUsers = new(StringComparer.Ordinal)
    {
        [People.Uni.OrganisationId] = "swrtu",
        [People.Staff.OrganisationId] = "exchange",
    };

    private readonly Dictionary<string, (string Token, DateTimeOffset Until)> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signingIn = new(1, 1);

    public IdentityService()
    {
        Schema = $"identity_t{DateTime.UtcNow:HHmmss}_{Guid.NewGuid():N}"[..30];
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Address = new Uri($"http://127.0.0.1:{Port}/");
    }

    public string Name => "identity";

    public string Schema { get; }

    public int Port { get; }

    public Uri Address { get; }

    public MovableClock Clock { get; } = new();

    public IBus Bus => Services.GetRequiredService<IBus>();

    /// <summary>The service keeps no timers (its keys are rotated by a periodic check, not by deadlines).</summary>
    public Task DueTimersFired() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        StartServer();
        await Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<identity::IpExchange.Identity.Seeding.DemoMembers>().Run(CancellationToken.None);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:EventStore", Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")
            ?? throw new InvalidOperationException("Run the tests with deploy/test.sh: ConnectionStrings__EventStore is not set."));
        builder.UseSetting("EventStore:Schema", Schema);
        builder.UseSetting("Messaging:Host", "127.0.0.1");
        builder.UseSetting("Messaging:Port", Environment.GetEnvironmentVariable("Messaging__Port") ?? "5672");
        builder.UseSetting("Messaging:VirtualHost", VirtualHosts.Isolated("ipx-sweep-identity"));
        builder.UseSetting("Messaging:EndpointPrefix", Schema.Replace('_', '-'));
        builder.UseSetting("Messaging:Outbox:PollIntervalMs", "200");
        builder.UseSetting("Identity:Issuer", Address.ToString());
        builder.UseSetting("Identity:AllowHttp", "true");
        builder.UseSetting("Identity:DevelopmentTokens", "true");
        builder.UseSetting("Identity:KeyPassword", "sweep-tests-key-password");
        builder.UseSetting("Auth:Authority", Address.ToString());
        builder.UseSetting("Auth:MetadataAddress", new Uri(Address, ".well-known/openid-configuration").ToString());
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // Letters (invitations) are not the sweep's concern: kept nowhere, never logged.
            services.AddSingleton<identity::IpExchange.Identity.Accounts.IAccountLetters, DroppedLetters>();
        });
    }

    public HttpClient As(Caller? caller) =>
        caller is null ? new HttpClient { BaseAddress = Address } : new HttpClient(new SignedIn(this, caller)) { BaseAddress = Address };

    /// <summary>The caller's demo user's access token, from the service's own token endpoint; kept while it has minutes to live.</summary>
    private async Task<string> Token(Caller caller)
    {
        var userName = DemoUsers.GetValueOrDefault(caller.OrganisationId)
            ?? throw new InvalidOperationException($"No demo user of {caller.OrganisationId} signs in to the Identity service for the sweep.");
        await _signingIn.WaitAsync();
        try
        {
            if (_tokens.TryGetValue(userName, out var kept) && kept.Until > DateTimeOffset.UtcNow)
            {
                return kept.Token;
            }

            using var client = new HttpClient { BaseAddress = Address };
            using var response = await client.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = "ipx-dev-cli", ["username"] = userName, ["password"] = DemoPassword,
                ["scope"] = "openid profile ipexchange",
            }));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{userName} cannot sign in to the Identity service: {text}");
            var token = JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!;
            // Tokens live ten minutes; a fresh one well before that.
            _tokens[userName] = (token, DateTimeOffset.UtcNow.AddMinutes(5));
            return token;
        }
        finally
        {
            _signingIn.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        _signingIn.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Adds the caller's token as each request leaves (a token is fetched asynchronously, not in <see cref="As"/>).</summary>
    private sealed class SignedIn(IdentityService service, Caller caller) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await service.Token(caller));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class DroppedLetters : identity::IpExchange.Identity.Accounts.IAccountLetters
    {
        public Task Send(identity::IpExchange.Identity.Accounts.AccountLetter letter, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
