using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.SystemTesting;

namespace IpExchange.Benchmarks;

/// <summary>
/// The <c>load</c> mode: the whole system as processes (the system tests' harness, one replica of
/// every service behind the gateway), driven through the gateway by N virtual users, each doing
/// whole deals one after the other: a university registers a patent, drafts and submits a listing,
/// the exchange approves, an enterprise searches and accepts it (every k-th deal is an auction with
/// bids instead), then the Contract service's agreement is read, signed by both parties, recorded
/// by the exchange, paid milestone by milestone and registered, until it is Completed. Prints deals
/// completed per minute; p50/p99 per command through the gateway, with the same commands sent
/// straight to the service in the same run as the baseline; the time from a command to its effect
/// (Matching's catalogue, Contract's draft, the cockpit); and the CPU and peak memory of every
/// process, PostgreSQL and RabbitMQ included.
/// </summary>
internal static class LoadBenchmark
{
    private const string Usage = """
        usage: deploy/bench.sh load [--users N] [--deals N] [--auction-every K] [--auction-seconds S] [--telemetry both|off|collector|dashboard] [--rounds R]
          --users N          virtual users working at once, each doing whole deals in turn (default 8)
          --deals N          deals measured, in all (default 40)
          --auction-every K  every K-th deal is an auction with bids rather than a listing transfer;
                             0 for none (default 5)
          --auction-seconds S  how long each auction runs (default 6)
          --telemetry T      both (default): the same load in all three configurations below, in one
                             run, and each one's ratio to off; off: no OpenTelemetry in the processes;
                             collector: every process exports traces, metrics and logs over OTLP/HTTP
                             to a stand-in for a collector on another machine (accepts and drops; what
                             compose and Kubernetes do): the processes' own overhead, the 10 % goal;
                             dashboard (or on): over OTLP/gRPC to an Aspire dashboard on the same
                             cores (as deploy/run.sh runs it): its receiving is charged too
          --rounds R         with both: R rounds of the three, the order reversed every other round (default 1)
        Starts the whole system as processes (one replica per service) from the Release builds, with
        its own schemas and RabbitMQ virtual host, once per configuration and round, and stops it afterwards.
        """;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> Run(string[] args)
    {
        int users = 8, deals = 40, auctionEvery = 5, auctionSeconds = 6, rounds = 1;
        var telemetry = "both";
        string[] modes = ["both", "off", "collector", "dashboard", "on"];
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--users": users = Number(args, ++i, 1); break;
                    case "--deals": deals = Number(args, ++i, 1); break;
                    case "--auction-every": auctionEvery = Number(args, ++i, 0); break;
                    case "--auction-seconds": auctionSeconds = Number(args, ++i, 1); break;
                    case "--rounds": rounds = Number(args, ++i, 1); break;
                    case "--telemetry":
                        telemetry = ++i < args.Length && modes.Contains(args[i]) ? args[i] : throw new ArgumentException("--telemetry needs both, off, collector or dashboard");
                        break;
                    case "--help": Console.WriteLine(Usage); return 0;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{Usage}");
            return 2;
        }

        Console.WriteLine("IpExchange load: whole deals through the gateway");
        Console.WriteLine($"Time:     {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", Invariant)} UTC");
        Console.WriteLine($"Machine:  {Environment.ProcessorCount} cores{Program.CpuModel()}; load average {Program.LoadAverage()} (1/5/15 min) before the run");
        Console.WriteLine($"Settings: {users} virtual users, {deals} deals, {(auctionEvery == 0 ? "no auctions" : $"1 in {auctionEvery} an auction of {auctionSeconds} s with 6 bids")}, telemetry {telemetry}");

        // The configurations' order is reversed every other round (off-collector-dashboard, then
        // dashboard-collector-off, ...), so that a machine that gets busier or quieter during the run favours none.
        Export[] all = [Export.Off, Export.Collector, Export.Dashboard];
        var order = telemetry switch
        {
            "off" => [Export.Off],
            "collector" => [Export.Collector],
            "dashboard" or "on" => [Export.Dashboard],
            _ => Enumerable.Range(0, rounds).SelectMany(r => r % 2 == 0 ? all : all.Reverse()).ToArray(),
        };
        var results = new List<(Export Telemetry, Measured Result)>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(30 * order.Length));
        foreach (var export in order)
        {
            Console.WriteLine();
            Console.WriteLine(export switch
            {
                Export.Collector => "=== Telemetry ON, to a collector: every process exports traces, metrics and logs over OTLP/HTTP to a stand-in for a collector elsewhere",
                Export.Dashboard => "=== Telemetry ON, to the dashboard: every process exports traces, metrics and logs over OTLP/gRPC to an Aspire dashboard on the same cores (as deploy/run.sh)",
                _ => "=== Telemetry OFF: no OpenTelemetry in the processes",
            });
            var measured = await Measure(export, users, deals, auctionEvery, auctionSeconds, cancel.Token);
            results.Add((export, measured));
            if (measured.Failures > 0)
            {
                return 1;
            }
        }

        if (telemetry == "both")
        {
            PrintOverhead(results);
        }

        return 0;
    }

    /// <summary>Where the processes' telemetry goes in one configuration.</summary>
    private enum Export
    {
        Off,
        Collector,
        Dashboard,
    }

    /// <summary>One configuration's measurement: deals per minute, and the CPU the processes used per deal.</summary>
    private sealed record Measured(double DealsPerMinute, double CpuSecondsPerDeal, int Failures);

    private static async Task<Measured> Measure(Export telemetry, int users, int deals, int auctionEvery, int auctionSeconds, CancellationToken cancellationToken)
    {
        var loadBefore = Program.LoadAverage();
        var logs = Path.Combine(Path.GetTempPath(), "ipx-system", $"load-{telemetry.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..30]);
        using var collector = telemetry == Export.Collector ? new OtlpCollectorSink() : null;
        await using var dashboard = telemetry == Export.Dashboard ? await AspireDashboard.Start(logs, cancellationToken) : null;
        Console.WriteLine("Starting the system (1 replica per service + gateway)...");
        await using var system = await SystemUnderTest.Start(
            new SystemOptions
            {
                Replicas = 1, QuorumQueues = true, LogDirectory = logs, QuickExport = false,
                OtlpEndpoint = dashboard?.OtlpEndpoint ?? collector?.Endpoint, OtlpProtocol = collector is null ? "grpc" : "http/protobuf",
            }, cancellationToken);
        using var load = new LoadRun(system, auctionSeconds);
        await load.SignIn(cancellationToken);

        // Warm-up (not measured): JIT, connection pools, the first queue bindings.
        Console.WriteLine("Warming up (2 deals, not measured)...");
        await Task.WhenAll(Enumerable.Range(0, 2).Select(n => load.Deal(1_000_000 + n, auction: false, cancellationToken)));
        load.Reset();

        // The dashboard's own process is sampled with the system's (its launcher writes into the same folder).
        var processes = ProcessSampler.Find(system);
        var before = processes.Select(p => p.Sample()).ToList();
        var (sentBefore, tracesBefore) = (collector?.Bytes ?? 0, collector?.TracesBytes ?? 0);
        var next = -1;
        var failures = new ConcurrentBag<string>();
        Console.WriteLine($"Measuring {deals} deals with {users} users...");
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < deals)
            {
                try
                {
                    await load.Deal(n, auction: auctionEvery > 0 && n % auctionEvery == auctionEvery - 1, cancellationToken);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or KeyNotFoundException
                                               or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    failures.Add($"deal {n}: {e.Message}");
                }
            }
        }));
        clock.Stop();
        var after = processes.Select(p => p.Sample()).ToList();

        Print(load, clock.Elapsed, users, failures, processes, before, after, loadBefore);
        if (collector is not null)
        {
            // Exports still in flight at the end (spans every 5 s, metrics every 60 s) are not counted.
            Console.WriteLine(string.Create(Invariant,
                $"Exported to the collector stand-in while measuring: {(collector.Bytes - sentBefore) / 1048576.0:0.0} MiB (traces {(collector.TracesBytes - tracesBefore) / 1048576.0:0.0} MiB), " +
                $"{(collector.Bytes - sentBefore) / 1024.0 / Math.Max(1, load.Completed):0} KiB per deal; {collector.Requests} requests since the start"));
        }
        if (!failures.IsEmpty)
        {
            Console.WriteLine($"Logs of the processes: {system.LogDirectory}");
        }

        var cpu = Enumerable.Range(0, processes.Count).Sum(i => after[i].CpuSeconds - before[i].CpuSeconds);
        return new Measured(load.Completed / clock.Elapsed.TotalMinutes, cpu / Math.Max(1, load.Completed), failures.Count);
    }

    private static void PrintOverhead(List<(Export Telemetry, Measured Result)> results)
    {
        Console.WriteLine();
        Console.WriteLine("Telemetry overhead (each configuration on a fresh system; rounds reverse the order; goal: collector/off >= 0.90)");
        Console.WriteLine($"{"telemetry",-10} {"deals/min, in run order",-36} {"median",8} {"CPU s/deal",11} {"vs off",7}");
        var medians = new Dictionary<Export, double>();
        foreach (var export in new[] { Export.Off, Export.Collector, Export.Dashboard })
        {
            var runs = results.Where(r => r.Telemetry == export).Select(r => r.Result).ToList();
            medians[export] = Percentile(runs.Select(r => r.DealsPerMinute), 50);
            Console.WriteLine(string.Create(Invariant,
                $"{export.ToString().ToLowerInvariant(),-10} {string.Join(", ", runs.Select(r => r.DealsPerMinute.ToString("0.0", Invariant))),-36} {medians[export],8:0.0} " +
                $"{Percentile(runs.Select(r => r.CpuSecondsPerDeal), 50),11:0.00} {medians[export] / medians[Export.Off],6:0.00}x"));
        }

        var ratio = medians[Export.Collector] / medians[Export.Off];
        Console.WriteLine(string.Create(Invariant,
            $"collector/off: {ratio:0.00}x, overhead {(1 - ratio) * 100:0.0} % of deals/min ({(ratio >= 0.90 ? "within" : "above")} the 10 % goal); " +
            $"dashboard/off: {medians[Export.Dashboard] / medians[Export.Off]:0.00}x, with the dashboard's own receiving on the same cores"));
    }

    private static void Print(LoadRun load, TimeSpan elapsed, int users, ConcurrentBag<string> failures,
        List<ProcessSampler> processes, List<ProcessSample> before, List<ProcessSample> after, string loadBefore)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant,
            $"Deals completed (agreement Completed): {load.Completed} ({load.CompletedTransfers} transfers, {load.CompletedAuctions} auctions) in {elapsed.TotalSeconds:0.0} s " +
            $"with {users} users = {load.Completed / elapsed.TotalMinutes:0.0} deals/min; failed {failures.Count}"));
        foreach (var failure in failures.Take(5))
        {
            Console.WriteLine($"  {failure}");
        }

        Console.WriteLine(string.Create(Invariant, $"Whole deal, first command to Completed: p50 {Percentile(load.DealSeconds, 50):0.00} s, p99 {Percentile(load.DealSeconds, 99):0.00} s"));
        Console.WriteLine();
        Console.WriteLine("Latency per command, ms (through the gateway; baseline: the same request straight to the service, in the same run)");
        Console.WriteLine($"{"command",-44} {"n",5} {"p50",7} {"p99",7}   {"direct p50",10} {"direct p99",10} {"p50 ratio",9}  non-2xx");
        foreach (var (command, samples) in load.Latencies.Where(l => !l.Key.StartsWith("direct ", StringComparison.Ordinal)).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var line = string.Create(Invariant, $"{command,-44} {samples.Count,5} {Percentile(samples, 50),7:0.0} {Percentile(samples, 99),7:0.0}   ");
            if (load.Latencies.TryGetValue("direct " + command, out var direct) && !direct.IsEmpty)
            {
                line += string.Create(Invariant, $"{Percentile(direct, 50),10:0.0} {Percentile(direct, 99),10:0.0} {Percentile(samples, 50) / Percentile(direct, 50),9:0.00}");
            }
            else
            {
                line += $"{"",10} {"",10} {"",9}";
            }

            var odd = load.Statuses.Where(s => s.Key.Command == command && s.Key.Status is < 200 or >= 300)
                .Select(s => $"{s.Key.Status}{(s.Key.Rule is null ? "" : $" {s.Key.Rule}")} x{s.Value}");
            Console.WriteLine($"{line}  {string.Join(' ', odd)}");
        }

        Console.WriteLine();
        Console.WriteLine("From a command to its effect, ms (polled every 50 ms; baseline: the command's own latency)");
        Console.WriteLine($"{"effect",-58} {"n",5} {"p50",7} {"p99",7}   {"command p50",11}");
        foreach (var (effect, command) in LoadRun.Effects)
        {
            if (!load.Lags.TryGetValue(effect, out var samples) || samples.IsEmpty)
            {
                continue;
            }

            var own = load.Latencies.TryGetValue(command, out var c) && !c.IsEmpty ? Percentile(c, 50).ToString("0.0", Invariant) : "";
            Console.WriteLine(string.Create(Invariant, $"{effect,-58} {samples.Count,5} {Percentile(samples, 50),7:0.0} {Percentile(samples, 99),7:0.0}   {own,11}"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant, $"Processes during the measured {elapsed.TotalSeconds:0.0} s (CPU seconds used, share of one core, peak RSS; PostgreSQL: postmaster + backends, RSS summed, shared buffers counted in each)"));
        Console.WriteLine($"{"process",-24} {"pids",5} {"CPU s",8} {"cores",6} {"peak RSS MiB",13}");
        for (var i = 0; i < processes.Count; i++)
        {
            var cpu = after[i].CpuSeconds - before[i].CpuSeconds;
            Console.WriteLine(string.Create(Invariant,
                $"{processes[i].Name,-24} {after[i].Pids,5} {cpu,8:0.0} {cpu / elapsed.TotalSeconds,6:0.00} {Math.Max(after[i].PeakRssKiB, before[i].PeakRssKiB) / 1024.0,13:0}"));
        }

        var total = Enumerable.Range(0, processes.Count).Sum(i => after[i].CpuSeconds - before[i].CpuSeconds);
        Console.WriteLine(string.Create(Invariant, $"{"all of the above",-24} {"",5} {total,8:0.0} {total / elapsed.TotalSeconds,6:0.00}   of {Environment.ProcessorCount} cores; CPU s per deal {total / Math.Max(1, load.Completed):0.00}"));
        Console.WriteLine($"Load average before {loadBefore}, after {Program.LoadAverage()}.");
        Console.WriteLine("The store's raw append rate (store append vs one-row INSERT) is the default mode's baseline: deploy/bench.sh");
    }

    internal static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    private static int Number(string[] args, int i, int min) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, Invariant, out var n) && n >= min
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a number of at least {min}");
}

/// <summary>The virtual users' deals, with every request timed by command (method and route).</summary>
internal sealed class LoadRun : IDisposable
{
    /// <summary>The effects measured, and the command whose latency stands beside each.</summary>
    public static readonly (string Effect, string Command)[] Effects =
    [
        ("approve -> listing in Matching's catalogue", "POST /api/listings/{id}/approve"),
        ("accept -> agreement drafted by Contract", "POST /api/offers/accept"),
        ("accept -> deal on the cockpit (my-deals)", "POST /api/offers/accept"),
        ("last payment (completes it) -> cockpit Completed", "POST /api/agreements/{id}/payments"),
        ("last payment -> cockpit summary caught up (exchange)", "POST /api/agreements/{id}/payments"),
    ];

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly Dictionary<string, (string Token, string Organisation)> _sessions = new(StringComparer.Ordinal);
    private readonly Uri _gateway;
    private readonly Uri _listing;
    private readonly Uri _contract;
    private readonly Uri _monitoring;
    private readonly int _auctionSeconds;
    private int _completedTransfers;
    private int _completedAuctions;
    private long _lastCommandsAnswered;

    public LoadRun(SystemUnderTest system, int auctionSeconds)
    {
        _gateway = system.GatewayAddress;
        _listing = system.ReplicasOf("listing")[0].Address;
        _contract = system.ReplicasOf("contract")[0].Address;
        _monitoring = system.ReplicasOf("monitoring")[0].Address;
        _auctionSeconds = auctionSeconds;
    }

    public ConcurrentDictionary<string, ConcurrentBag<double>> Latencies { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<(string Command, int Status, string? Rule), int> Statuses { get; } = new();
    public ConcurrentDictionary<string, ConcurrentBag<double>> Lags { get; } = new(StringComparer.Ordinal);
    public ConcurrentBag<double> DealSeconds { get; } = [];
    public int CompletedTransfers => _completedTransfers;
    public int CompletedAuctions => _completedAuctions;
    public int Completed => _completedTransfers + _completedAuctions;

    public async Task SignIn(CancellationToken cancellationToken)
    {
        foreach (var user in DemoUsers.Universities.Concat(DemoUsers.Enterprises).Append(DemoUsers.Exchange))
        {
            using var response = await _http.PostAsJsonAsync(new Uri(_gateway, "auth/token"), new { username = user, password = DemoUsers.Password }, cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Sign-in of {user} failed: {(int)response.StatusCode} {body}");
            }

            _sessions[user] = (body.GetProperty("accessToken").GetString()!, body.GetProperty("user").GetProperty("organisationId").GetString()!);
        }
    }

    public void Reset()
    {
        Latencies.Clear();
        Statuses.Clear();
        Lags.Clear();
        DealSeconds.Clear();
        _completedTransfers = 0;
        _completedAuctions = 0;
    }

    /// <summary>One whole deal, from the patent to the completed agreement.</summary>
    public async Task Deal(int n, bool auction, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var university = DemoUsers.Universities[n % DemoUsers.Universities.Length];
        var enterprise = DemoUsers.Enterprises[n % DemoUsers.Enterprises.Length];
        var terms = auction
            ? DealWorkload.Terms("Assignment", "Auction", "Bidding", 500_000m)
            : DealWorkload.Terms("Assignment", "Negotiated", "ListingTransfer", 200_000m + (n * 1_000m));
        if (auction)
        {
            terms["reservePrice"] = 500_000m;
        }

        // The university lists a patent; the exchange approves.
        var patent = (await Send(_gateway, university, HttpMethod.Post, "/api/patents", "POST /api/patents", DealWorkload.PatentRequest(DealWorkload.NewNumber()), cancellationToken))
            .Expect(201, "registering a patent");
        terms["patentIds"] = new[] { patent.GetProperty("id").GetString()! };
        var listingId = (await Send(_gateway, university, HttpMethod.Post, "/api/listings", "POST /api/listings", terms, cancellationToken))
            .Expect(201, "drafting a listing").GetProperty("id").GetString()!;
        (await Send(_gateway, university, HttpMethod.Post, $"/api/listings/{listingId}/submit", "POST /api/listings/{id}/submit", null, cancellationToken))
            .Expect(200, "submitting the listing");
        (await Send(_gateway, DemoUsers.Exchange, HttpMethod.Post, $"/api/listings/{listingId}/approve", "POST /api/listings/{id}/approve", null, cancellationToken))
            .Expect(200, "approving the listing");
        var approved = Stopwatch.GetTimestamp();

        // Baseline: the same write straight to the Listing service (an extra patent, used by nothing).
        (await Send(_listing, university, HttpMethod.Post, "/api/patents", "direct POST /api/patents", DealWorkload.PatentRequest(DealWorkload.NewNumber()), cancellationToken))
            .Expect(201, "registering a patent straight at the service");

        // An enterprise searches the catalogue (and the baseline, straight to Listing).
        const string search = "/api/listings?q=%E7%89%B5%E5%BC%95%E5%8F%98%E6%B5%81%E5%99%A8&pageSize=20";
        (await Send(_gateway, enterprise, HttpMethod.Get, search, "GET /api/listings?q=", null, cancellationToken)).Expect(200, "searching listings");
        (await Send(_listing, enterprise, HttpMethod.Get, search, "direct GET /api/listings?q=", null, cancellationToken)).Expect(200, "searching listings straight at the service");

        await Until(async () => (await Send(_gateway, DemoUsers.Exchange, HttpMethod.Get, $"/api/demands/for-listing/{listingId}", null, null, cancellationToken)).Ok,
            $"listing {listingId} in Matching's catalogue", TimeSpan.FromMinutes(2), cancellationToken);
        Lag("approve -> listing in Matching's catalogue", approved);

        string dealId;
        long? struck = null;
        if (auction)
        {
            // The auction's deal is struck by its closing timer: no accept to measure the effects from.
            (dealId, enterprise) = await Auction(listingId, cancellationToken);
        }
        else
        {
            var accepted = (await Send(_gateway, enterprise, HttpMethod.Post, "/api/offers/accept", "POST /api/offers/accept", new { listingId }, cancellationToken))
                .Expect(201, "accepting the listing");
            struck = Stopwatch.GetTimestamp();
            dealId = accepted.GetProperty("dealId").GetString()!;
        }

        // Contract drafts the agreement from DealStruck; Monitoring's cockpit learns of the deal.
        var agreementId = $"AG-{dealId}";
        var cockpitSeen = Until(async () => (await Send(_gateway, enterprise, HttpMethod.Get, $"/api/my-deals/{dealId}", null, null, cancellationToken)).Ok,
            $"deal {dealId} on the cockpit", TimeSpan.FromMinutes(2), cancellationToken).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully && struck is { } acceptedAt)
            {
                Lag("accept -> deal on the cockpit (my-deals)", acceptedAt);
            }

            return t;
        }, TaskScheduler.Default).Unwrap();
        await Until(async () => (await Send(_gateway, enterprise, HttpMethod.Get, $"/api/agreements/{agreementId}", null, null, cancellationToken)).Ok,
            $"agreement {agreementId} drafted", TimeSpan.FromMinutes(2), cancellationToken);
        if (struck is { } at)
        {
            Lag("accept -> agreement drafted by Contract", at);
        }

        var agreement = (await Send(_gateway, enterprise, HttpMethod.Get, $"/api/agreements/{agreementId}", "GET /api/agreements/{id}", null, cancellationToken))
            .Expect(200, "reading the agreement");
        (await Send(_contract, enterprise, HttpMethod.Get, $"/api/agreements/{agreementId}", "direct GET /api/agreements/{id}", null, cancellationToken))
            .Expect(200, "reading the agreement straight at the service");
        var hash = agreement.GetProperty("contentHash").GetString()!;
        // Baseline for writes: in every other deal the buyer's signature and the recording go straight to Contract.
        var (server, prefix) = n % 2 == 1 ? (_contract, "direct ") : (_gateway, "");
        (await Send(_gateway, university, HttpMethod.Post, $"/api/agreements/{agreementId}/signatures", "POST /api/agreements/{id}/signatures", new { contentHash = hash }, cancellationToken))
            .Expect(200, $"signing as {university}");
        (await Send(server, enterprise, HttpMethod.Post, $"/api/agreements/{agreementId}/signatures", prefix + "POST /api/agreements/{id}/signatures", new { contentHash = hash }, cancellationToken))
            .Expect(200, $"signing as {enterprise}");
        (await Send(server, DemoUsers.Exchange, HttpMethod.Post, $"/api/agreements/{agreementId}/record", prefix + "POST /api/agreements/{id}/record", null, cancellationToken))
            .Expect(200, "recording the agreement");
        // The registration first, so that the last payment is the command that completes the agreement.
        (await Send(_gateway, university, HttpMethod.Post, $"/api/agreements/{agreementId}/registration", "POST /api/agreements/{id}/registration",
                new { noticeNumber = $"著变-{dealId}", noticeDate = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken))
            .Expect(200, "recording the registration");
        var last = Stopwatch.GetTimestamp();
        JsonElement after = default;
        foreach (var milestone in agreement.GetProperty("milestones").EnumerateArray())
        {
            var outstanding = milestone.GetProperty("outstanding").GetDecimal();
            if (outstanding > 0)
            {
                after = (await Send(_gateway, enterprise, HttpMethod.Post, $"/api/agreements/{agreementId}/payments", "POST /api/agreements/{id}/payments",
                        new { milestone = milestone.GetProperty("id").GetString(), amount = outstanding, reference = $"付款-{dealId}-{milestone.GetProperty("id").GetString()}" }, cancellationToken))
                    .Expect(200, "paying a milestone");
                last = Stopwatch.GetTimestamp();
            }
        }

        var status = (await Send(_gateway, enterprise, HttpMethod.Get, $"/api/agreements/{agreementId}", "GET /api/agreements/{id}", null, cancellationToken))
            .Expect(200, "reading the agreement").GetProperty("status").GetString();
        if (status != "Completed")
        {
            throw new InvalidOperationException($"Agreement {agreementId} is {status} after every payment and the registration (last payment answered {after}).");
        }

        var wanted = Interlocked.Increment(ref _lastCommandsAnswered);
        clock.Stop();
        DealSeconds.Add(clock.Elapsed.TotalSeconds);
        Interlocked.Increment(ref auction ? ref _completedAuctions : ref _completedTransfers);

        await cockpitSeen;
        async Task CockpitCompleted()
        {
            await Until(async () =>
            {
                var deal = await Send(_gateway, enterprise, HttpMethod.Get, $"/api/my-deals/{dealId}", null, null, cancellationToken);
                return deal.Ok && deal.Text("stage") == "Completed";
            }, $"deal {dealId} Completed on the cockpit", TimeSpan.FromMinutes(2), cancellationToken);
            Lag("last payment (completes it) -> cockpit Completed", last);
        }

        await Task.WhenAll(CockpitCompleted(), SummaryCounts(wanted, last, cancellationToken));

        // Baseline for the cockpit read: the same request straight to the Monitoring service.
        (await Send(_gateway, enterprise, HttpMethod.Get, $"/api/my-deals/{dealId}", "GET /api/my-deals/{id}", null, cancellationToken)).Expect(200, "reading the deal");
        (await Send(_monitoring, enterprise, HttpMethod.Get, $"/api/my-deals/{dealId}", "direct GET /api/my-deals/{id}", null, cancellationToken)).Expect(200, "reading the deal straight at the service");
    }

    /// <summary>
    /// The exchange's cockpit summary counts at least as many completed deals as have had their last
    /// command answered when this one had: deals complete concurrently, so this is the moment the
    /// summary has caught up with this deal, not necessarily the moment it counted this very deal.
    /// </summary>
    private async Task SummaryCounts(long wanted, long since, CancellationToken cancellationToken)
    {
        await Until(async () =>
        {
            var summary = await Send(_gateway, DemoUsers.Exchange, HttpMethod.Get, "/api/cockpit/summary", "GET /api/cockpit/summary", null, cancellationToken);
            return summary.Ok && CompletedCount(summary.Body) >= wanted;
        }, "the cockpit summary to count the deal", TimeSpan.FromMinutes(2), cancellationToken);
        Lag("last payment -> cockpit summary caught up (exchange)", since);
    }

    /// <summary>The summary's deals.completed.</summary>
    private static long CompletedCount(JsonElement summary) =>
        summary.ValueKind == JsonValueKind.Object && summary.TryGetProperty("deals", out var deals) && deals.TryGetProperty("completed", out var completed)
            ? completed.GetInt64()
            : -1;

    /// <summary>An auction: scheduled, every enterprise registers and bids twice at once; the winner's deal.</summary>
    private async Task<(string DealId, string Buyer)> Auction(string listingId, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var auctionId = (await Send(_gateway, DemoUsers.Exchange, HttpMethod.Post, "/api/auctions", "POST /api/auctions", new
        {
            listingId, startsAt = now.AddSeconds(-1), endsAt = now.AddSeconds(_auctionSeconds), startingPrice = 500_000m, increment = 1_000m, deposit = 50_000m,
            softCloseWindowSeconds = 1, softCloseExtensionSeconds = 1,
        }, cancellationToken)).Expect(201, "scheduling the auction").GetProperty("id").GetString()!;
        foreach (var enterprise in DemoUsers.Enterprises)
        {
            (await Send(_gateway, enterprise, HttpMethod.Post, $"/api/auctions/{auctionId}/registrations", "POST /api/auctions/{id}/registrations",
                new { depositReference = $"保证金-{enterprise}-{auctionId}" }, cancellationToken)).Expect(200, $"registering {enterprise}");
        }

        var bids = DemoUsers.Enterprises
            .SelectMany((enterprise, e) => Enumerable.Range(0, 2).Select(j => (enterprise, amount: 500_000m + (1_000m * ((j * DemoUsers.Enterprises.Length) + e + 1)))))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        await Task.WhenAll(bids.Select(b => Send(_gateway, b.enterprise, HttpMethod.Post, $"/api/auctions/{auctionId}/bids", "POST /api/auctions/{id}/bids", new { amount = b.amount }, cancellationToken)));

        JsonElement closed = default;
        await Until(async () =>
        {
            closed = (await Send(_gateway, DemoUsers.Exchange, HttpMethod.Get, $"/api/auctions/{auctionId}", null, null, cancellationToken)).Body;
            return closed.ValueKind == JsonValueKind.Object && closed.GetProperty("status").GetString() == "Closed";
        }, $"auction {auctionId} to close", TimeSpan.FromSeconds(_auctionSeconds + 120), cancellationToken);
        if (closed.GetProperty("outcome").GetString() != "Won")
        {
            throw new InvalidOperationException($"Auction {auctionId} closed without a winner: {closed}");
        }

        // The winner is whoever the agreement names as buyer; the deal is struck when the auction closes.
        var dealId = $"DEAL-{auctionId}";
        JsonElement agreement = default;
        await Until(async () =>
        {
            var answer = await Send(_gateway, DemoUsers.Exchange, HttpMethod.Get, $"/api/agreements/AG-{dealId}", null, null, cancellationToken);
            agreement = answer.Body;
            return answer.Ok;
        }, $"agreement AG-{dealId} drafted", TimeSpan.FromMinutes(2), cancellationToken);
        var buyerOrganisation = agreement.GetProperty("buyer").GetProperty("organisationId").GetString();
        var buyer = DemoUsers.Enterprises.Single(e => _sessions[e].Organisation == buyerOrganisation);
        return (dealId, buyer);
    }

    /// <summary>Sends a request as a demo user, timing it under <paramref name="command"/> (null: not timed, a poll).</summary>
    private async Task<Answer> Send(Uri server, string user, HttpMethod method, string path, string? command, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(server, path.TrimStart('/')));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sessions[user].Token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var status = (int)response.StatusCode;
        if (command is not null)
        {
            Latencies.GetOrAdd(command, _ => []).Add(elapsed);
        }

        JsonElement json = default;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                json = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                json = JsonSerializer.SerializeToElement(text);
            }
        }

        var answer = new Answer(status, json);
        if (command is not null)
        {
            Statuses.AddOrUpdate((command, status, answer.Ok ? null : answer.Rule), 1, (_, c) => c + 1);
        }

        return answer;
    }

    // Effects are timed: poll every 50 ms rather than the workload's 150.
    private static Task Until(Func<Task<bool>> condition, string what, TimeSpan timeout, CancellationToken cancellationToken) =>
        DealWorkload.Until(condition, what, timeout, cancellationToken, pollMs: 50);

    private void Lag(string effect, long since) =>
        Lags.GetOrAdd(effect, _ => []).Add(Stopwatch.GetElapsedTime(since).TotalMilliseconds);

    public void Dispose()
    {
        _http.Dispose();
    }
}

internal sealed record ProcessSample(double CpuSeconds, long PeakRssKiB, int Pids);

/// <summary>
/// A process tree read from /proc: the harness's service processes (found by their launcher shell,
/// whose arguments name the run's log file), PostgreSQL's postmaster (by the port in its
/// postmaster.pid) with its backends, and RabbitMQ's Erlang VM (by the profile's state folder).
/// CPU is utime+stime of the root and its live children, plus what reaped children used (cutime+cstime).
/// </summary>
internal sealed class ProcessSampler(string name, int root, bool withChildren)
{
    public string Name { get; } = name;

    public static List<ProcessSampler> Find(SystemUnderTest system)
    {
        var all = Pids().Select(pid => (pid, cmd: CommandLine(pid), ppid: ParentOf(pid))).ToList();
        var found = new List<ProcessSampler>();
        foreach (var launcher in all.Where(p => p.cmd.Contains("ipx-launcher", StringComparison.Ordinal) && p.cmd.Contains(system.LogDirectory, StringComparison.Ordinal)))
        {
            var log = launcher.cmd.Split('\0').FirstOrDefault(a => a.StartsWith(system.LogDirectory, StringComparison.Ordinal)) ?? "";
            var service = all.FirstOrDefault(p => p.ppid == launcher.pid
                                                  && (p.cmd.Contains(".dll", StringComparison.Ordinal) || p.cmd.Contains("Aspire.Dashboard", StringComparison.Ordinal)));
            if (service.pid != 0)
            {
                found.Add(new ProcessSampler(Path.GetFileNameWithoutExtension(log), service.pid, withChildren: false));
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var pgPort = Environment.GetEnvironmentVariable("IPX_PG_PORT");
        foreach (var (pid, cmd, _) in all.Where(p => p.cmd.Contains("postgres\0-D\0", StringComparison.Ordinal)))
        {
            var dataDir = cmd.Split('\0').SkipWhile(a => a != "-D").Skip(1).FirstOrDefault();
            try
            {
                var lines = dataDir is null ? [] : File.ReadAllLines(Path.Combine(dataDir, "postmaster.pid"));
                if (lines.Length > 3 && lines[0] == pid.ToString(CultureInfo.InvariantCulture) && lines[3] == pgPort)
                {
                    found.Add(new ProcessSampler("postgresql", pid, withChildren: true));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // not ours to read
            }
        }

        var stateDir = Environment.GetEnvironmentVariable("IPX_STATE_DIR");
        if (!string.IsNullOrEmpty(stateDir))
        {
            foreach (var (pid, _, _) in all.Where(p => p.cmd.Contains("beam.smp", StringComparison.Ordinal) && p.cmd.Contains(stateDir + "/", StringComparison.Ordinal)))
            {
                found.Add(new ProcessSampler("rabbitmq (beam.smp)", pid, withChildren: false));
            }
        }

        return found;
    }

    public ProcessSample Sample()
    {
        var pids = withChildren ? Pids().Where(p => p == root || ParentOf(p) == root).ToList() : [root];
        double cpu = 0;
        long rss = 0;
        foreach (var pid in pids)
        {
            var stat = Stat(pid);
            if (stat.Length < 17)
            {
                continue;
            }

            // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
            cpu += (double.Parse(stat[11], CultureInfo.InvariantCulture) + double.Parse(stat[12], CultureInfo.InvariantCulture)) / 100;
            if (pid == root)
            {
                cpu += (double.Parse(stat[13], CultureInfo.InvariantCulture) + double.Parse(stat[14], CultureInfo.InvariantCulture)) / 100;
            }

            rss += Status(pid, withChildren ? "VmRSS:" : "VmHWM:");
        }

        return new ProcessSample(cpu, rss, pids.Count);
    }

    private static IEnumerable<int> Pids() => Directory.EnumerateDirectories("/proc")
        .Select(Path.GetFileName)
        .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
        .Where(pid => pid > 0);

    private static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline");

    private static int ParentOf(int pid)
    {
        var stat = Stat(pid);
        return stat.Length > 1 && int.TryParse(stat[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) ? ppid : 0;
    }

    /// <summary>The fields of /proc/&lt;pid&gt;/stat after "(comm)": [0] is the state, [1] the parent.</summary>
    private static string[] Stat(int pid)
    {
        var text = Read($"/proc/{pid}/stat");
        var close = text.LastIndexOf(')');
        return close < 0 ? [] : text[(close + 2)..].Split(' ');
    }

    private static long Status(int pid, string field)
    {
        var line = Read($"/proc/{pid}/status").Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
