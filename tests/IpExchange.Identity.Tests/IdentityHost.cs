using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using IpExchange.Identity.Accounts;
using IpExchange.Identity.Organisations;
using IpExchange.Identity.Seeding;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.Identity.Tests;

/// <summary>Letters the service would mail, kept for the tests to follow their links (the product writes them to the log).</summary>
public sealed class LetterBox : IAccountLetters
{
    private readonly ConcurrentQueue<AccountLetter> _letters = new();

    public Task Send(AccountLetter letter, CancellationToken cancellationToken)
    {
        _letters.Enqueue(letter);
        return Task.CompletedTask;
    }

    public AccountLetter Last(string userName) => _letters.Reverse().FirstOrDefault(l => l.UserName == userName)
        ?? throw new InvalidOperationException($"No letter was sent to {userName}.");
}

/// <summary>
/// The Identity service on real Kestrel at a loopback port chosen before it starts (the issuer names
/// it), on the real PostgreSQL (its own schema) and RabbitMQ (its own queue prefix) of
/// deploy/infra.sh. Its own API validates its tokens through discovery at that address, as every
/// service does. A second instance with the same schema and port plays the service restarted.
/// </summary>
public sealed class IdentityService : WebApplicationFactory<Program>
{
    public const string KeyPassword = "identity-tests-key-password";
    public const string MachineClient = "ipx-test-integration";
    public const string MachineSecret = "identity-tests-machine-secret";
    public const string DemoPassword = "demo-2026";
    public const int MaxFailedAttempts = 3;

    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public IdentityService(string? schema = null, int? port = null, string environment = "Testing", IReadOnlyDictionary<string, string?>? settings = null,
        string? issuer = null)
    {
        Schema = schema ?? $"id_t{DateTime.UtcNow:HHmmss}_{Guid.NewGuid():N}"[..30];
        Port = port ?? FreePort();
        Address = new Uri($"http://127.0.0.1:{Port}/");
        Issuer = issuer ?? Address.ToString();
        _environment = environment;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public string Schema { get; }
    public int Port { get; }

    /// <summary>Where the service listens.</summary>
    public Uri Address { get; }

    /// <summary>The issuer its tokens name (its own address, unless a gateway fronts it).</summary>
    public string Issuer { get; }

    public LetterBox Letters { get; } = new();

    public IBus Bus => Services.GetRequiredService<IBus>();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task Start(bool seed = true)
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        StartServer();
        await Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        if (seed)
        {
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoMembers>().Run(CancellationToken.None);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("ConnectionStrings:EventStore", Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")
            ?? throw new InvalidOperationException("Run the tests with deploy/test.sh (or eval \"$(bash deploy/infra.sh env)\"): ConnectionStrings__EventStore is not set."));
        builder.UseSetting("EventStore:Schema", Schema);
        builder.UseSetting("Messaging:Host", "127.0.0.1");
        builder.UseSetting("Messaging:Port", Environment.GetEnvironmentVariable("Messaging__Port") ?? "5672");
        builder.UseSetting("Messaging:EndpointPrefix", Schema.Replace('_', '-'));
        builder.UseSetting("Messaging:Outbox:PollIntervalMs", "200");
        builder.UseSetting("Identity:Issuer", Issuer);
        builder.UseSetting("Identity:AllowHttp", "true");
        builder.UseSetting("Identity:DevelopmentTokens", _environment == "Testing" ? "true" : "false");
        builder.UseSetting("Identity:KeyPassword", KeyPassword);
        builder.UseSetting("Identity:KeyCheckSeconds", "1");
        builder.UseSetting("Identity:MaxFailedAccessAttempts", MaxFailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Identity:WebRedirectUris:0", new Uri(new Uri(Issuer), "signin-callback").ToString());
        builder.UseSetting("Identity:OtherApiScopes:other.api", "other-api");
        builder.UseSetting("Identity:MachineClients:0:ClientId", MachineClient);
        builder.UseSetting("Identity:MachineClients:0:Secret", MachineSecret);
        builder.UseSetting("Identity:MachineClients:0:DisplayName", "交易中心测试接口");
        builder.UseSetting("Identity:MachineClients:0:OrganisationId", "org-exchange");
        builder.UseSetting("Identity:MachineClients:0:Scopes:0", "ipexchange");
        builder.UseSetting("Identity:MachineClients:0:Scopes:1", "other.api");
        builder.UseSetting("Auth:Authority", Issuer);
        builder.UseSetting("Auth:MetadataAddress", new Uri(Address, ".well-known/openid-configuration").ToString());
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IAccountLetters>(Letters));
    }

    public HttpClient Client(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>A form to the token endpoint, as any OAuth client sends it.</summary>
    public async Task<TokenAnswer> Token(Dictionary<string, string> form)
    {
        using var client = Client();
        using var response = await client.PostAsync("connect/token", new FormUrlEncodedContent(form));
        return await TokenAnswer.From(response);
    }

    /// <summary>The password grant of the development client (Development and Testing only).</summary>
    public Task<TokenAnswer> Password(string userName, string password, string scope = "openid profile offline_access ipexchange") => Token(new()
    {
        ["grant_type"] = "password", ["client_id"] = "ipx-dev-cli", ["username"] = userName, ["password"] = password, ["scope"] = scope,
    });

    public Task<TokenAnswer> Refresh(string refreshToken, string clientId = "ipx-web") => Token(new()
    {
        ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken,
    });

    /// <summary>The exchange staff's access token (the seeded demo user).</summary>
    public async Task<string> StaffToken() => (await Password("exchange", DemoPassword)).AccessToken
        ?? throw new InvalidOperationException("The demo staff user cannot sign in.");

    public async Task<OrganisationView?> View(string organisationId)
    {
        await using var session = Services.GetRequiredService<EventStore.EventStore>().Marten.QuerySession();
        return await session.LoadAsync<OrganisationView>(Organisation.StreamId(organisationId));
    }
}

/// <summary>The token endpoint's answer: tokens, or an OAuth error.</summary>
public sealed record TokenAnswer(HttpStatusCode Status, JsonElement Json)
{
    public static async Task<TokenAnswer> From(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return new TokenAnswer(response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    private string? Get(string name) => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public string? AccessToken => Get("access_token");
    public string? RefreshToken => Get("refresh_token");
    public string? IdToken => Get("id_token");
    public string? Error => Get("error");

    public override string ToString() => Error is null ? $"{(int)Status} ok" : $"{(int)Status} {Error}: {Get("error_description")}";
}

[CollectionDefinition("identity")]
public sealed class IdentityCollection : ICollectionFixture<IdentityHost>;

/// <summary>One seeded Identity service shared by the tests of the collection; each test makes its own organisations and users.</summary>
public sealed class IdentityHost : IAsyncLifetime
{
    public IdentityService Service { get; } = new();

    public Task InitializeAsync() => Service.Start();

    public async Task DisposeAsync() => await Service.DisposeAsync();

    /// <summary>Applies for membership as a new enterprise (valid fresh code), through the API; returns what it sent.</summary>
    public async Task<Applicant> Apply(string kind = "Enterprise", string? creditCode = null, string? group = "测试集团")
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var applicant = new Applicant($"测试科技{suffix}有限公司", creditCode ?? TestCodes.NewCreditCode(), kind, $"admin-{suffix}", $"Adm1n-{suffix}!", group);
        using var client = Service.Client();
        var response = await client.PostAsJsonAsync("api/organisations/applications", applicant.Request());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return applicant with { OrganisationId = (await Body(response)).GetProperty("organisationId").GetString()! };
    }

    /// <summary>An applicant verified by the exchange's staff.</summary>
    public async Task<Applicant> VerifiedMember(string kind = "Enterprise")
    {
        var applicant = await Apply(kind);
        using var staff = Service.Client(await Service.StaffToken());
        var verified = await staff.PostAsync($"api/organisations/{applicant.OrganisationId}/verify", null);
        Assert.True(verified.IsSuccessStatusCode, await verified.Content.ReadAsStringAsync());
        return applicant;
    }
}

/// <summary>An organisation's application as the tests send it, and the id it got.</summary>
public sealed record Applicant(string LegalName, string CreditCode, string Kind, string AdminUserName, string AdminPassword, string? Group, string OrganisationId = "")
{
    public object Request() => new
    {
        organisation = new
        {
            legalName = LegalName, creditCode = CreditCode, kind = Kind, region = "湖南", group = Group,
            licenceNumber = CreditCode, licenceIssuedOn = "2021-05-18",
        },
        contact = new { name = "周联系", phone = "0731-8888 6666", email = $"contact-{AdminUserName}@example.com" },
        administrator = new { userName = AdminUserName, name = "钱管理", email = $"{AdminUserName}@example.com", password = AdminPassword },
    };
}

/// <summary>Fresh, valid 统一社会信用代码 for tests: 91 (an enterprise at 市场监管), 湖南长沙, a random organisation code.</summary>
public static class TestCodes
{
    public static string NewCreditCode(string prefix = "91430100")
    {
        const string letters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var body = "MA" + string.Concat(Enumerable.Range(0, 6).Select(_ => letters[Random.Shared.Next(letters.Length)]));
        var first17 = prefix + body + CreditCode.OrganisationCodeCheck(body);
        return first17 + CreditCode.CheckCharacter(first17);
    }

    /// <summary>The right 18th character for a code's first 17.</summary>
    public static char CheckOf(string code) => CreditCode.CheckCharacter(code.AsSpan(0, 17));
}
