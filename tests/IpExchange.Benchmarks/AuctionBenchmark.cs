extern alias matching;

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IpExchange.Benchmarks;

/// <summary>
/// Issue 4's auction benchmark: the same bidders at the same concurrency bidding on one hot auction
/// (every bid races every other on the auction's version) and spread over 100 auctions (no two
/// bidders share an auction while there are at most 100 of them: the service's bid path without
/// optimistic-concurrency conflicts). The Matching service runs on real Kestrel at a loopback port
/// in this process, on the real PostgreSQL and RabbitMQ. Each bid is the auction's minimum next bid
/// as its bidder last saw it (from its last bid's answer, or from a GET after a 422).
/// </summary>
internal static class AuctionBenchmark
{
    private const int Spread = 100;
    private const int Hot = 0;
    private const decimal StartingPrice = 100_000m;
    private const decimal Increment = 100m;
    private const string Seller = "org-bench-seller";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Caller Staff = new("u-exchange-1", "刘静", "org-exchange", "知识产权交易中心", Roles.Exchange, null, "重庆");

    public static async Task Run(BenchSettings settings, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var schema = $"bench_auc_{started.UtcDateTime:yyyyMMddHHmmss}";
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")!;
        var host = new MatchingHost(schema);
        try
        {
            host.Start();
            await Measure(settings, started, host, cancellationToken);
        }
        finally
        {
            await host.DisposeAsync();
            await Program.DropSchema(connectionString, schema);
        }
    }

    private static Caller Bidder(int i) =>
        new($"u-bench-bidder-{i}", $"竞买人{i}", string.Create(Invariant, $"org-bench-bidder-{i:D3}"), string.Create(Invariant, $"竞买企业{i:D3}有限公司"), Roles.Enterprise, null, "重庆");

    private static string Token(Caller caller) => TestIdentity.Token(caller);

    private static async Task Measure(BenchSettings settings, DateTimeOffset started, MatchingHost host, CancellationToken cancellationToken)
    {
        var bidders = settings.Concurrency;
        using var client = GatewayBenchmark.Client(host.Address, bidders);
        // The bus first: polling the ready endpoint before the bus has started logs an unhealthy check at Error.
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        await WaitUntilReady(client, cancellationToken);
        await PrintHeader(settings, started, host);

        var staff = Token(Staff);
        var tokens = Enumerable.Range(0, bidders).Select(i => Token(Bidder(i))).ToArray();
        var seedTime = System.Diagnostics.Stopwatch.StartNew();
        var listings = await Catalogue(client, host.Services.GetRequiredService<IBus>(), staff, cancellationToken);
        var auctions = new List<string>();
        foreach (var listing in listings)
        {
            auctions.Add(await Schedule(client, staff, listing, cancellationToken));
        }

        await Parallel.ForEachAsync(auctions, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (auction, ct) =>
        {
            // One bidder after the other per auction: registrations on one auction race on its version.
            foreach (var token in tokens)
            {
                await GatewayBenchmark.Expect(client, HttpMethod.Post, $"/api/auctions/{auction}/registrations", token, new { depositReference = "BENCH" }, HttpStatusCode.OK, ct);
            }
        });
        Console.WriteLine($"Seeded:     {listings.Count} auction listings published on the bus and in the catalogue, {auctions.Count} auctions scheduled " +
                          $"(ending in 29 days, soft close off), {bidders} bidders registered on each, in {seedTime.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"            hot: {auctions[Hot]}; spread: {auctions[1]} .. {auctions[^1]}");
        Console.WriteLine();

        // What each bidder last saw of each auction's minimum next bid: the starting price before any bid.
        var seen = new decimal[bidders, auctions.Count];
        for (var b = 0; b < bidders; b++)
        {
            for (var a = 0; a < auctions.Count; a++)
            {
                seen[b, a] = StartingPrice;
            }
        }

        // Spread: bidder w takes the auctions 1 + j with j % bidders == w in turn (shared only when there are more than 100 bidders).
        var own = Enumerable.Range(0, bidders)
            .Select(w => Enumerable.Range(0, Spread).Where(j => bidders <= Spread ? j % bidders == w : j == w % Spread).Select(j => 1 + j).ToArray())
            .ToArray();
        var kinds = new[]
        {
            new Kind("hot: 1 auction", w => () => Bid(client, auctions, seen, tokens[w], w, Hot, cancellationToken)),
            new Kind($"spread: {Spread} auctions", w =>
            {
                var next = 0;
                return () => Bid(client, auctions, seen, tokens[w], w, own[w][next++ % own[w].Length], cancellationToken);
            }),
        };

        var runs = kinds.ToDictionary(k => k.Name, _ => new List<HttpLoad>());
        for (var round = 1; round <= settings.Rounds; round++)
        {
            // The order alternates: the hot auction's stream grows with every hot run, and whatever
            // else builds up (tables, indexes, JIT tiering) should not always favour the same side.
            var order = round % 2 == 1 ? kinds : [.. kinds.Reverse()];
            Console.WriteLine($"Round {round}/{settings.Rounds} ({order[0].Name} first):");
            foreach (var kind in order)
            {
                var load = await HttpLoad.Measure(bidders, kind.Worker, settings.Warmup, settings.Duration, cancellationToken);
                runs[kind.Name].Add(load);
                Report(kind.Name, load);
                if (kind.Name.StartsWith("hot", StringComparison.Ordinal))
                {
                    var view = await GatewayBenchmark.Expect(client, HttpMethod.Get, $"/api/auctions/{auctions[Hot]}", staff, null, HttpStatusCode.OK, cancellationToken);
                    Console.WriteLine($"      the hot auction now holds {view.GetProperty("bids").GetArrayLength():N0} accepted bids (version {view.GetProperty("version").GetInt64():N0}); " +
                                      $"current price {view.GetProperty("currentPrice").GetDecimal():N2}");
                }
            }
        }

        PrintTable(settings, runs[kinds[0].Name], runs[kinds[1].Name]);
    }

    /// <summary>
    /// One bid at the minimum next bid the bidder last saw. 200 (accepted) and 422 (rejected) are
    /// answers: on a 422 the bidder looks at the auction again (GET, timed with the bid). The bid
    /// endpoint answers 200 or an error, so HttpLoad's 2xx count is the accepted count.
    /// </summary>
    private static async Task<int> Bid(HttpClient client, List<string> auctions, decimal[,] seen, string token, int bidder, int auction, CancellationToken cancellationToken)
    {
        var amount = seen[bidder, auction];
        using (var request = Request(HttpMethod.Post, $"/api/auctions/{auctions[auction]}/bids", token, JsonSerializer.Serialize(new { amount }, Json)))
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                seen[bidder, auction] = await MinimumNextBid(response, cancellationToken);
            }

            if (status != 422)
            {
                return status;
            }
        }

        using var look = Request(HttpMethod.Get, $"/api/auctions/{auctions[auction]}", token, null);
        using var view = await client.SendAsync(look, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (view.StatusCode != HttpStatusCode.OK)
        {
            return (int)view.StatusCode; // the refresh failed: an error, not a rejection
        }

        seen[bidder, auction] = await MinimumNextBid(view, cancellationToken);
        return 422;
    }

    private static async Task<decimal> MinimumNextBid(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return json.RootElement.GetProperty("minimumNextBid").GetDecimal();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, string? json)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>101 auction listings published as the Listing service would, and waited for until the catalogue has them all.</summary>
    private static async Task<List<string>> Catalogue(HttpClient client, IBus bus, string staff, CancellationToken cancellationToken)
    {
        var listings = Enumerable.Range(0, Spread + 1).Select(Listing).ToList();
        foreach (var listing in listings)
        {
            await bus.Publish(listing, cancellationToken);
        }

        var pending = listings.Select(l => l.ListingId).ToHashSet(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (pending.Count > 0)
        {
            foreach (var id in pending.ToList())
            {
                using var request = Request(HttpMethod.Get, $"/api/demands/for-listing/{id}", staff, null);
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    pending.Remove(id);
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{pending.Count} of {listings.Count} published listings did not reach the Matching service's catalogue within 60 s.");
            }

            await Task.Delay(250, cancellationToken);
        }

        return listings.Select(l => l.ListingId).ToList();
    }

    private static ListingPublished Listing(int i)
    {
        var title = string.Create(Invariant, $"一种轨道交通牵引变流器拍卖专利（{i + 1}）");
        var now = DateTimeOffset.UtcNow;
        return new ListingPublished($"L-{Guid.NewGuid():N}"[..14], Seller, "西南轨道交通大学", "四川", title, null, title, DealKind.Assignment, PricingMethod.Auction,
            TradingMode.Bidding, 1_000_000m, StartingPrice, null, null, null, [], now, now.AddDays(90), null,
            [new ListedPatent("201910100001.X", "201910100001.X", title, PatentType.Invention, ["H02M 7/48"], new DateOnly(2019, 1, 1), new DateOnly(2039, 1, 1), 10, false)],
            now);
    }

    private static async Task<string> Schedule(HttpClient client, string staff, string listingId, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var created = await GatewayBenchmark.Expect(client, HttpMethod.Post, "/api/auctions", staff, new
        {
            listingId, startsAt = now.AddSeconds(-1), endsAt = now.AddDays(29), startingPrice = StartingPrice, increment = Increment, deposit = 0m,
            softCloseWindowSeconds = 0, softCloseExtensionSeconds = 0,
        }, HttpStatusCode.Created, cancellationToken);
        return created.GetProperty("id").GetString()!;
    }

    private static async Task WaitUntilReady(HttpClient client, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await client.GetAsync(new Uri(ServiceDefaultsSetup.ReadyPath, UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The Matching service was not ready within 60 s: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task PrintHeader(BenchSettings settings, DateTimeOffset started, MatchingHost host)
    {
        var store = host.Services.GetRequiredService<EventStore.EventStore>();
        await using var connection = await store.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('synchronous_commit'), current_setting('fsync')", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();

        Console.WriteLine("IpExchange benchmark: bids on one hot auction vs spread over 100 auctions");
        Console.WriteLine($"Time:       {started.ToString("yyyy-MM-dd HH:mm:ss zzz", Invariant)}");
        Console.WriteLine($"Machine:    {Environment.ProcessorCount} cores{Program.CpuModel()}, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"Load:       {Program.LoadAverage()} (1/5/15 min load average before the run; other work on the machine skews the numbers)");
        Console.WriteLine($"PostgreSQL: {reader.GetString(0)} (synchronous_commit={reader.GetString(1)}, fsync={reader.GetString(2)}), schema {store.Schema}");
        Console.WriteLine($"RabbitMQ:   {Environment.GetEnvironmentVariable("Messaging__Host")}:{Environment.GetEnvironmentVariable("Messaging__Port")} (listings arrive on the bus; the outbox relay publishes AuctionBidAccepted)");
        Console.WriteLine($"Matching:   {host.Address} (Kestrel, HTTP/1.1); client and service share this process and its cores");
        Console.WriteLine($"Settings:   {settings.Concurrency} concurrent bidders (one organisation each, one request in flight each); " +
                          $"{settings.Duration.TotalSeconds:0.#} s per measurement after {settings.Warmup.TotalSeconds:0.#} s warm-up; {settings.Rounds} round(s), order alternating");
        Console.WriteLine($"Bids:       the minimum next bid as the bidder last saw it (increment {Increment:N0}); after a 422 the bidder GETs the auction (timed with that bid)");
        Console.WriteLine($"            spread: bidder w bids in turn on its own auctions (1 + j, j mod {settings.Concurrency} = w): no two bidders share one" +
                          (settings.Concurrency > Spread ? " (except here: more bidders than auctions)" : ""));
    }

    private static long Rejected(HttpLoad load) => load.Errors.GetValueOrDefault("422");

    private static Dictionary<string, long> OtherErrors(IEnumerable<HttpLoad> loads) =>
        loads.SelectMany(l => l.Errors).Where(e => e.Key != "422").GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));

    private static string Summary(Dictionary<string, long> errors) =>
        errors.Count == 0 ? "0" : string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => string.Create(Invariant, $"{e.Key} x{e.Value:N0}")));

    private static void Report(string what, HttpLoad load) =>
        Console.WriteLine($"  {what,-22} accepted {load.PerSecond,7:N0}/s  rejected {Rejected(load) / load.Elapsed.TotalSeconds,7:N0}/s  " +
                          $"p50 {load.P50Ms,7:0.00} ms  p99 {load.P99Ms,7:0.00} ms  ({load.Completed:N0} accepted, {Rejected(load):N0} rejected in {load.Elapsed.TotalSeconds:0.00} s; " +
                          $"errors {Summary(OtherErrors([load]))}; process CPU {load.CpuMicrosecondsPerRequest:N0} µs per accepted bid)");

    private static void PrintTable(BenchSettings settings, List<HttpLoad> hot, List<HttpLoad> spread)
    {
        static double Median(List<HttpLoad> runs, Func<HttpLoad, double> value) => Program.Median(runs.Select(value));
        Console.WriteLine();
        Console.WriteLine($"Medians of {settings.Rounds} round(s) at {settings.Concurrency} concurrent bidders; load average now {Program.LoadAverage()}");
        Console.WriteLine($"{"",-22} {"accepted/s",10} {"rejected/s",10} {"p50 ms",8} {"p99 ms",8}  errors (all rounds)");
        foreach (var (name, runs) in new[] { ("hot: 1 auction", hot), ($"spread: {Spread} auctions", spread) })
        {
            Console.WriteLine($"{name,-22} {Median(runs, r => r.PerSecond),10:N0} {Median(runs, r => Rejected(r) / r.Elapsed.TotalSeconds),10:N0} " +
                              $"{Median(runs, r => r.P50Ms),8:0.00} {Median(runs, r => r.P99Ms),8:0.00}  {Summary(OtherErrors(runs))}");
        }

        var ratio = Median(hot, r => r.PerSecond) / Median(spread, r => r.PerSecond);
        static double Answered(HttpLoad r) => (r.Completed + Rejected(r)) / r.Elapsed.TotalSeconds;
        var answered = Median(hot, Answered) / Median(spread, Answered);
        Console.WriteLine($"ratio hot/spread, bids answered (accepted or rejected with a reason)/s: {answered:0.00}  ({Median(hot, Answered):N0} vs {Median(spread, Answered):N0})");
        Console.WriteLine($"ratio hot/spread, bids accepted/s:                                     {ratio:0.00}");
        Console.WriteLine("  accepted: 200; rejected: 422 (below the increment: another bid got there first); anything else is an error.");
        Console.WriteLine("  On one hot auction only one bid per price level can win, so accepted/s is bounded by the bidders' own");
        Console.WriteLine("  read-then-bid loop, not by the service; answered/s is the service's throughput under contention.");
        Console.WriteLine("  p50/p99: accepted bids only, including the service's retries after a lost optimistic race.");
        Console.WriteLine("Goal: hot/spread >= 0.2 (bids handled per second)");
        Console.WriteLine($"      {(answered >= 0.2 ? "met" : "NOT met")}: {answered:0.00} answered; {ratio:0.00} accepted");
    }

    private sealed record Kind(string Name, Func<int, Func<Task<int>>> Worker);

    /// <summary>
    /// The Matching service on the PostgreSQL and RabbitMQ of the environment (deploy/bench.sh), in
    /// its own schema and queue prefix, with the benchmark's signing key.
    /// </summary>
    private sealed class MatchingHost(string schema) : WebApplicationFactory<matching::Program>
    {
        public Uri Address { get; private set; } = null!;

        public void Start() => Address = GatewayBenchmark.StartOnLoopback(this);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(GatewayBenchmark.ContentRoot(typeof(matching::Program).Assembly));
            builder.UseEnvironment(Environments.Production);
            builder.UseSetting("EventStore:Schema", schema);
            builder.UseSetting("Messaging:EndpointPrefix", schema.Replace('_', '-'));
            builder.TrustTestTokens();
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
