using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IpExchange.Benchmarks;

/// <summary>
/// Issue 7's gateway benchmark: the same requests at the same concurrency straight to the Listing
/// service and through the gateway (YARP, token validation, role policy, rate limiter) in front of
/// it, both on real Kestrel at loopback ports in this process, the service on the real PostgreSQL
/// and RabbitMQ. Prints requests/s, p50 and p99 for each, and the gateway/direct ratios.
/// </summary>
internal static class GatewayBenchmark
{
    /// <summary>High enough that the gateway's limiter never refuses a request of the benchmark.</summary>
    private const int UnlimitedPerMinute = 1_000_000_000;

    private const int SeededListings = 8;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The demo users of gateway/IpExchange.Gateway/appsettings.json.
    private static readonly Caller University = new("u-swrtu-1", "李文博", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川");
    private static readonly Caller Enterprise = new("u-hxloco-1", "张建国", "org-hxrail-loco", "华夏轨道装备株洲电力机车有限公司", Roles.Enterprise, "grp-hxrail", "湖南");
    private static readonly Caller Staff = new("u-exchange-1", "刘静", "org-exchange", "知识产权交易中心", Roles.Exchange, null, "重庆");

    private static readonly string[] SearchQueries = ["轨道交通", "牵引 变流器", "traction converter"];

    private static long _serial;

    public static async Task Run(BenchSettings settings, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var schema = $"bench_gw_{started.UtcDateTime:yyyyMMddHHmmss}";
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")!;
        var listing = new ListingHost(schema);
        GatewayHost? gateway = null;
        try
        {
            listing.Start();
            gateway = new GatewayHost(listing.Address);
            gateway.Start();
            await Measure(settings, started, listing, gateway, cancellationToken);
        }
        finally
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            await listing.DisposeAsync();
            await Program.DropSchema(connectionString, schema);
        }
    }

    private static async Task Measure(BenchSettings settings, DateTimeOffset started, ListingHost listing, GatewayHost gateway, CancellationToken cancellationToken)
    {
        using var direct = Client(listing.Address, settings.Concurrency);
        using var edge = Client(gateway.Address, settings.Concurrency);
        var tokens = new Tokens(Token(University), Token(Enterprise), Token(Staff));

        await WaitUntilReady(direct, cancellationToken);
        await PrintHeader(settings, started, listing, gateway);

        // Seeded through the gateway: it is the ordinary path, and it proves the routes work.
        var listingIds = await Seed(edge, tokens, cancellationToken);
        Console.WriteLine($"Seeded:     {listingIds.Count} patents and {listingIds.Count} public listings through the gateway");
        foreach (var (name, client) in new[] { ("direct", direct), ("gateway", edge) })
        {
            await Probe(client, name, tokens, listingIds, cancellationToken);
        }

        Console.WriteLine();

        var kinds = new[]
        {
            new RequestKind("read: search + listing by id", w => Read(tokens.Enterprise, listingIds, w)),
            new RequestKind("write: POST /api/patents", _ => Write(tokens.University)),
        };
        var sides = new[] { new Side("direct", direct), new Side("gateway", edge) };
        var runs = kinds.ToDictionary(k => k, _ => sides.ToDictionary(s => s.Name, _ => new List<HttpLoad>()));
        for (var round = 1; round <= settings.Rounds; round++)
        {
            // The order alternates, so that whatever builds up over a run (table and index growth,
            // the outbox relay's backlog, JIT tiering) does not always favour the same side.
            var order = round % 2 == 1 ? sides : [.. sides.Reverse()];
            Console.WriteLine($"Round {round}/{settings.Rounds} ({order[0].Name} first):");
            foreach (var kind in kinds)
            {
                foreach (var side in order)
                {
                    var send = kind.Request;
                    var load = await HttpLoad.Measure(settings.Concurrency, w => { var request = send(w); return () => request(side.Client); }, settings.Warmup, settings.Duration, cancellationToken);
                    runs[kind][side.Name].Add(load);
                    Report($"{kind.Name}, {side.Name}", load);
                }
            }
        }

        PrintTable(settings, kinds.Select(k => new TableRow(k.Name, runs[k]["direct"], runs[k]["gateway"])).ToList());
    }

    /// <summary>The read mix of one worker: searches and single listings in turn, the same sequence on either side.</summary>
    private static Func<HttpClient, Task<int>> Read(string token, IReadOnlyList<string> listingIds, int worker)
    {
        var i = worker;
        return client =>
        {
            var n = i++;
            var path = n % 2 == 0
                ? $"/api/listings?q={Uri.EscapeDataString(SearchQueries[n / 2 % SearchQueries.Length])}&pageSize=10"
                : $"/api/listings/{listingIds[n / 2 % listingIds.Count]}";
            return Send(client, HttpMethod.Get, path, token, null);
        };
    }

    /// <summary>A university registers a patent with a number never used before.</summary>
    private static Func<HttpClient, Task<int>> Write(string token) =>
        client => Send(client, HttpMethod.Post, "/api/patents", token, JsonSerializer.Serialize(PatentRequest(NewNumber()), Json));

    private static async Task<int> Send(HttpClient client, HttpMethod method, string path, string token, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        // ResponseContentRead: a request is done when its whole body has arrived.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return (int)response.StatusCode;
    }

    /// <summary>One client per side, with a connection for every worker kept open between requests.</summary>
    internal static HttpClient Client(Uri address, int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(concurrency, 1),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static string Token(Caller caller) => TestIdentity.Token(caller);

    /// <summary>A fresh, valid invention number with its check character: a counter, so never twice in a run.</summary>
    private static string NewNumber()
    {
        var n = Interlocked.Increment(ref _serial);
        var year = 2019 - (int)(n / 10_000_000);
        var digits = string.Create(Invariant, $"{year}1{n % 10_000_000:D7}");
        return $"ZL{digits}.{PatentNumber.CheckCharacter(digits)}";
    }

    private static object PatentRequest(string number) => new
    {
        number,
        title = "一种轨道交通牵引变流器的故障诊断方法",
        titleEn = "Fault diagnosis of traction converters for rail transit",
        @abstract = "本发明公开了一种用于城市轨道交通车辆的牵引变流器故障诊断方法，基于电流信号特征提取实现功率器件开路故障的快速定位。",
        abstractEn = "A method to locate open-circuit faults of power devices in traction converters from current signatures.",
        ipcCodes = new[] { "H02M 7/48", "B61C 3/00" },
        type = "Invention",
        filingDate = $"{number.AsSpan(2, 4)}-03-15",
        grantDate = "2021-08-20",
        legalStatus = "Valid",
        inventors = new[] { "李文博", "Zhou Min" },
        claimsCount = 10,
    };

    private static Dictionary<string, object?> ListingRequest(string patentId, int i)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)); // the exchange's day, Beijing time
        return new Dictionary<string, object?>
        {
            ["title"] = string.Create(Invariant, $"轨道交通牵引变流器故障诊断专利转让（{i + 1}）"),
            ["titleEn"] = "Traction converter fault diagnosis patent for assignment",
            ["summary"] = "适用于地铁与高铁牵引系统，已在株洲中试验证。Suitable for metro and high-speed traction systems.",
            ["patentIds"] = new[] { patentId },
            ["dealKind"] = "Assignment",
            ["pricingMethod"] = "Negotiated",
            ["tradingMode"] = "Negotiated",
            ["askingPrice"] = 1_200_000m + (i * 50_000m),
            ["listedFrom"] = today.ToString("yyyy-MM-dd", Invariant),
            ["listedUntil"] = today.AddDays(90).ToString("yyyy-MM-dd", Invariant),
        };
    }

    /// <summary>A few patents, each listed, submitted and approved, so that searches and reads find public listings.</summary>
    private static async Task<IReadOnlyList<string>> Seed(HttpClient client, Tokens tokens, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var i = 0; i < SeededListings; i++)
        {
            var patent = await Expect(client, HttpMethod.Post, "/api/patents", tokens.University, PatentRequest(NewNumber()), HttpStatusCode.Created, cancellationToken);
            var draft = await Expect(client, HttpMethod.Post, "/api/listings", tokens.University, ListingRequest(patent.GetProperty("id").GetString()!, i), HttpStatusCode.Created, cancellationToken);
            var id = draft.GetProperty("id").GetString()!;
            await Expect(client, HttpMethod.Post, $"/api/listings/{id}/submit", tokens.University, null, HttpStatusCode.OK, cancellationToken);
            await Expect(client, HttpMethod.Post, $"/api/listings/{id}/approve", tokens.Staff, null, HttpStatusCode.OK, cancellationToken);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Each request kind once on one side before timing anything: a measurement of refusals would be worthless.</summary>
    private static async Task Probe(HttpClient client, string side, Tokens tokens, IReadOnlyList<string> listingIds, CancellationToken cancellationToken)
    {
        foreach (var query in SearchQueries)
        {
            var page = await Expect(client, HttpMethod.Get, $"/api/listings?q={Uri.EscapeDataString(query)}&pageSize=10", tokens.Enterprise, null, HttpStatusCode.OK, cancellationToken);
            var found = page.GetProperty("items").GetArrayLength();
            if (found == 0)
            {
                throw new InvalidOperationException($"{side}: the search '{query}' found none of the seeded listings.");
            }
        }

        await Expect(client, HttpMethod.Get, $"/api/listings/{listingIds[0]}", tokens.Enterprise, null, HttpStatusCode.OK, cancellationToken);
        await Expect(client, HttpMethod.Post, "/api/patents", tokens.University, PatentRequest(NewNumber()), HttpStatusCode.Created, cancellationToken);
    }

    internal static async Task<JsonElement> Expect(HttpClient client, HttpMethod method, string path, string token, object? body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{method} {client.BaseAddress}{path.TrimStart('/')}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task WaitUntilReady(HttpClient direct, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await direct.GetAsync(new Uri(ServiceDefaultsSetup.ReadyPath, UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The Listing service was not ready within 60 s: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task PrintHeader(BenchSettings settings, DateTimeOffset started, ListingHost listing, GatewayHost gateway)
    {
        var store = listing.Services.GetRequiredService<EventStore.EventStore>();
        await using var connection = await store.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('synchronous_commit'), current_setting('fsync')", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();

        Console.WriteLine("IpExchange benchmark: gateway vs direct");
        Console.WriteLine($"Time:       {started.ToString("yyyy-MM-dd HH:mm:ss zzz", Invariant)}");
        Console.WriteLine($"Machine:    {Environment.ProcessorCount} cores{Program.CpuModel()}, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"Load:       {Program.LoadAverage()} (1/5/15 min load average before the run; other work on the machine skews the numbers)");
        Console.WriteLine($"PostgreSQL: {reader.GetString(0)} (synchronous_commit={reader.GetString(1)}, fsync={reader.GetString(2)}), schema {store.Schema}");
        Console.WriteLine($"RabbitMQ:   {Environment.GetEnvironmentVariable("Messaging__Host")}:{Environment.GetEnvironmentVariable("Messaging__Port")} (the Listing service's outbox relay publishes what the writes append)");
        Console.WriteLine($"Listing:    {listing.Address} (Kestrel, HTTP/1.1)");
        Console.WriteLine($"Gateway:    {gateway.Address} (Kestrel + YARP, HTTP/1.1 to the service), rate limits raised to {UnlimitedPerMinute:N0}/min");
        Console.WriteLine("            client, gateway and service share this process and its cores: the gateway's CPU is taken from the service's");
        Console.WriteLine($"Settings:   {settings.Concurrency} requests in flight per side (one HttpClient each, SocketsHttpHandler, MaxConnectionsPerServer {settings.Concurrency}); " +
                          $"{settings.Duration.TotalSeconds:0.#} s per measurement after {settings.Warmup.TotalSeconds:0.#} s warm-up; {settings.Rounds} round(s), order alternating");
    }

    private static void Report(string what, HttpLoad load) =>
        Console.WriteLine($"  {what,-42} {load.PerSecond,9:N0} req/s  p50 {load.P50Ms,6:0.00} ms  p99 {load.P99Ms,6:0.00} ms  " +
                          $"({load.Completed:N0} in {load.Elapsed.TotalSeconds:0.00} s; errors {load.ErrorSummary}; process CPU {load.CpuMicrosecondsPerRequest:N0} µs each)");

    private static void PrintTable(BenchSettings settings, List<TableRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {settings.Rounds} round(s) at {settings.Concurrency} concurrent requests; load average now {Program.LoadAverage()}");
        Console.WriteLine($"{"",-30} {"direct/s",9} {"gateway/s",10} {"ratio",6} {"direct p50/p99 ms",18} {"gateway p50/p99 ms",19} {"p99 ratio",9}");
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.What,-30} {row.DirectPerSecond,9:N0} {row.GatewayPerSecond,10:N0} {row.Ratio,6:0.00} " +
                              $"{$"{row.DirectP50:0.00} / {row.DirectP99:0.00}",18} {$"{row.GatewayP50:0.00} / {row.GatewayP99:0.00}",19} {row.P99Ratio,9:0.00}");
        }

        Console.WriteLine("  ratio: gateway/direct requests/s (higher is better); p99 ratio: gateway/direct p99 latency (lower is better).");
        Console.WriteLine("  Only 2xx answers count as completed. Errors over all rounds (not completed):");
        foreach (var row in rows)
        {
            Console.WriteLine($"    {row.What}: direct {Errors(row.Direct)}; gateway {Errors(row.Gateway)}");
        }

        Console.WriteLine("Goal: gateway/direct throughput >= 0.5");
        Console.WriteLine($"      {(rows.All(r => r.Ratio >= 0.5) ? "met" : "NOT met")}: {string.Join(", ", rows.Select(r => $"{r.What.Split(':')[0]} {r.Ratio:0.00}"))}");
    }

    private static string Errors(List<HttpLoad> runs)
    {
        var total = runs.SelectMany(r => r.Errors).GroupBy(e => e.Key).Select(g => (g.Key, Count: g.Sum(e => e.Value))).OrderByDescending(e => e.Count).ToList();
        return total.Count == 0 ? "0" : string.Join(", ", total.Select(e => string.Create(Invariant, $"{e.Key} x{e.Count:N0}")));
    }

    private sealed record Tokens(string University, string Enterprise, string Staff);

    /// <summary>What a worker sends: given its index, a function that sends its next request over the given client.</summary>
    private sealed record RequestKind(string Name, Func<int, Func<HttpClient, Task<int>>> Request);

    private sealed record Side(string Name, HttpClient Client);

    private sealed record TableRow(string What, List<HttpLoad> Direct, List<HttpLoad> Gateway)
    {
        public double DirectPerSecond => Program.Median(Direct.Select(r => r.PerSecond));
        public double GatewayPerSecond => Program.Median(Gateway.Select(r => r.PerSecond));
        public double Ratio => GatewayPerSecond / DirectPerSecond;
        public double DirectP50 => Program.Median(Direct.Select(r => r.P50Ms));
        public double DirectP99 => Program.Median(Direct.Select(r => r.P99Ms));
        public double GatewayP50 => Program.Median(Gateway.Select(r => r.P50Ms));
        public double GatewayP99 => Program.Median(Gateway.Select(r => r.P99Ms));
        public double P99Ratio => GatewayP99 / DirectP99;
    }

    /// <summary>Real Kestrel on a loopback port the OS chooses: YARP forwards over HTTP, so the service has to be a real server.</summary>
    internal static Uri StartOnLoopback<T>(WebApplicationFactory<T> factory) where T : class
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>
    /// The project directory of the app in <paramref name="assembly"/>, from the manifest that
    /// Microsoft.AspNetCore.Mvc.Testing writes next to the benchmark. WebApplicationFactory looks for
    /// that manifest in the working directory only, and deploy/bench.sh runs from the repository root.
    /// </summary>
    internal static string ContentRoot(Assembly assembly)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        var roots = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifest))
            ?? throw new InvalidOperationException($"{manifest} is empty.");
        return roots.TryGetValue(assembly.FullName!, out var root)
            ? root
            : throw new InvalidOperationException($"{manifest} has no content root for {assembly.GetName().Name}.");
    }

    /// <summary>
    /// The Listing service on the PostgreSQL and RabbitMQ of the environment (deploy/bench.sh), in
    /// its own schema and queue prefix, with the benchmark's signing key.
    /// </summary>
    internal sealed class ListingHost(string schema) : WebApplicationFactory<global::Program>
    {
        public Uri Address { get; private set; } = null!;

        public void Start() => Address = StartOnLoopback(this);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(ContentRoot(typeof(global::Program).Assembly));
            builder.UseEnvironment(Environments.Production);
            builder.UseSetting("EventStore:Schema", schema);
            builder.UseSetting("Messaging:EndpointPrefix", schema.Replace('_', '-'));
            builder.TrustTestTokens();
            // A log line per request would be measured along with the request.
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }

    /// <summary>The gateway with its real appsettings.json (routes, policies), pointed at the Listing service, limits raised.</summary>
    private sealed class GatewayHost(Uri listing) : WebApplicationFactory<IpExchange.Gateway.Program>
    {
        public Uri Address { get; private set; } = null!;

        public void Start() => Address = StartOnLoopback(this);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(ContentRoot(typeof(IpExchange.Gateway.Program).Assembly));
            builder.UseEnvironment(Environments.Production);
            builder.TrustTestTokens();
            builder.UseSetting("ReverseProxy:Clusters:listing:Destinations:d1:Address", listing.ToString());
            builder.UseSetting("RateLimits:PerUserPerMinute", UnlimitedPerMinute.ToString(Invariant));
            builder.UseSetting("RateLimits:PerAddressPerMinute", UnlimitedPerMinute.ToString(Invariant));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
