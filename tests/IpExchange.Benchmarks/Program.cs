using System.Globalization;
using System.Runtime.InteropServices;
using IpExchange.Benchmarks.Messages;
using IpExchange.EventStore;
using IpExchange.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IpExchange.Benchmarks;

/// <summary>
/// Throughput of the event store and the outbox relay against the plainest use of the same
/// PostgreSQL and RabbitMQ, in one run: store appends vs one-row INSERTs (at 1 and 16 writers) and
/// relay publishes vs direct MassTransit publishes. Run it with deploy/bench.sh. Not a test: it
/// asserts nothing, it prints the numbers and the goal. The <c>gateway</c> mode measures HTTP
/// requests through the gateway against straight to the Listing service instead (GatewayBenchmark),
/// the <c>auctions</c> mode bids on one hot auction against bids spread over 100 (AuctionBenchmark),
/// the <c>matching-quality</c> mode scores the Matching ranking on judged demands (MatchingQuality).
/// </summary>
internal static class Program
{
    private static readonly string[] RequiredEnvironment = ["ConnectionStrings__EventStore", "Messaging__Host", "Messaging__Port"];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static async Task<int> Main(string[] args)
    {
        // The matching-quality mode is offline (no database, no bus): it needs none of the settings below.
        if (args is ["matching-quality", .. var rest])
        {
            return MatchingQuality.Run(rest);
        }

        // matching-scale: the match index at 100,000 listings in memory, then the Listing service's
        // search at that scale on the PostgreSQL and RabbitMQ of the environment, if any (MatchingScale).
        if (args is ["matching-scale", .. var scaleArgs])
        {
            return await MatchingScale.Run(scaleArgs);
        }

        // The replicas mode starts the whole system as processes itself (tests/IpExchange.System.Tests/Harness).
        if (args is ["replicas", .. var replicaArgs])
        {
            return await ReplicaBenchmark.Run(replicaArgs);
        }

        // The load mode too: whole deals by many users through the gateway (LoadBenchmark).
        if (args is ["load", .. var loadArgs])
        {
            return await LoadBenchmark.Run(loadArgs);
        }

        BenchSettings settings;
        try
        {
            settings = BenchSettings.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{BenchSettings.Usage}");
            return 2;
        }

        if (settings.Help)
        {
            Console.WriteLine(BenchSettings.Usage);
            return 0;
        }

        var missing = RequiredEnvironment.Where(n => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(n))).ToList();
        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync(
                $"error: {string.Join(", ", missing)} not set. Run the benchmark with deploy/bench.sh, which starts " +
                "PostgreSQL and RabbitMQ under the bench profile, or export them with: eval \"$(bash deploy/infra.sh env)\"");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var started = DateTimeOffset.Now;
        try
        {
            if (settings.Mode == BenchMode.Gateway)
            {
                await GatewayBenchmark.Run(settings, started, cancel.Token);
            }
            else if (settings.Mode == BenchMode.Auctions)
            {
                await AuctionBenchmark.Run(settings, started, cancel.Token);
            }
            else
            {
                await RunStoreAndRelay(settings, started, cancel.Token);
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("interrupted");
            return 130;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"error: the benchmark failed: {e}");
            return 1;
        }
    }

    private static async Task RunStoreAndRelay(BenchSettings settings, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var schema = $"bench_{started.UtcDateTime:yyyyMMddHHmmss}";
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")!;
        IHost? host = null;
        try
        {
            host = await StartHost(schema, cancellationToken);
            await Run(host, settings, started, cancellationToken);
        }
        finally
        {
            if (host is not null)
            {
                using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await host.StopAsync(stopTimeout.Token);
                host.Dispose();
            }

            await DropSchema(connectionString, schema);
        }
    }

    /// <summary>
    /// A service host as the services build it (AddEventStore, AddIpExchangeMessaging), with the
    /// background relay off so that the benchmark alone drives OutboxRelay.PublishPending.
    /// </summary>
    private static async Task<IHost> StartHost(string schema, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:Outbox:Enabled"] = "false" });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddEventStore(builder.Configuration, schema, store => store.Events(typeof(BenchmarkAppended)).IntegrationEvents<BenchmarkAnnouncements>());
        builder.Services.AddIpExchangeMessaging(builder.Configuration, "bench");
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static async Task Run(IHost host, BenchSettings settings, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var store = host.Services.GetRequiredService<EventStore.EventStore>();
        var bus = host.Services.GetRequiredService<IBus>();
        var relay = host.Services.GetRequiredService<OutboxRelay>();
        var messaging = host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        var relayOptions = messaging.Outbox;

        await PrintHeader(store, messaging, settings, started, cancellationToken);

        // 1. Appends vs INSERTs, interleaved (and repeated) so that table growth, checkpoints and
        //    whatever else the machine is doing hit both sides alike.
        // As in a service, whose relay leads in its own process (one replica, or the leading one of
        // several): its commits wake the relay in memory. The relay itself stays off here (the
        // benchmark drives it), so the bench answers the doorbell for it. "Where the time goes"
        // also measures the other case, a relay in another process woken by NOTIFY.
        store.Doorbell.Answer(true);
        var appends = new AppendBenchmark(store, settings);
        await appends.CreateRawTable(cancellationToken);
        Console.WriteLine($"Append body: {appends.RawBody.Length} bytes of JSON per event / row");
        var writerCounts = settings.Writers == 1 ? new[] { 1 } : [1, settings.Writers];
        var appendRuns = writerCounts.Select(_ => (Store: new List<Throughput>(), Raw: new List<Throughput>())).ToArray();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            Console.WriteLine($"Appends, round {round}/{settings.Rounds}:");
            for (var i = 0; i < writerCounts.Length; i++)
            {
                var writers = writerCounts[i];
                var raw = await appends.Raw(writers, cancellationToken);
                Report($"raw INSERT, {writers} writer(s)", raw, "inserts");
                var appended = await appends.Store(writers, cancellationToken);
                Report($"store append, {writers} writer(s) (ratio {appended.PerSecond / raw.PerSecond:0.00})", appended, "appends");
                appendRuns[i].Raw.Add(raw);
                appendRuns[i].Store.Add(appended);
            }
        }

        // 2. Relay vs direct publishing, first with an outbox that was never analysed with rows in it,
        //    then analysed with the backlog (see OutboxStats: the first state cannot follow the second).
        var publish = new PublishBenchmark(store, bus, settings);
        await publish.PinOutboxStatistics(cancellationToken);
        var warmup = Math.Min(5_000, settings.Messages);
        await publish.Direct(warmup, settings.Publishers, cancellationToken);
        await publish.Relay(relay, relayOptions, warmup, OutboxStats.NeverAnalysedWithRows, cancellationToken);

        var directRuns = new List<Throughput>();
        var relayRuns = new Dictionary<OutboxStats, List<Throughput>>();
        foreach (var stats in new[] { OutboxStats.NeverAnalysedWithRows, OutboxStats.AnalysedWithBacklog })
        {
            relayRuns[stats] = [];
            for (var round = 1; round <= settings.Rounds; round++)
            {
                Console.WriteLine($"Publishes, {StatsLabel(stats)}, round {round}/{settings.Rounds}:");
                var direct = await publish.Direct(settings.Messages, settings.Publishers, cancellationToken);
                Report($"direct IBus.Publish, {settings.Publishers} publishers", direct, "msgs");
                directRuns.Add(direct);
                var drain = await publish.Relay(relay, relayOptions, settings.Messages, stats, cancellationToken);
                Report($"relay PublishPending (ratio {drain.Throughput.PerSecond / direct.PerSecond:0.00})", drain.Throughput, "msgs");
                Console.WriteLine($"      {drain.Passes} passes of up to {relayOptions.BatchSize}, parallelism {relayOptions.Parallelism}; untimed fill {drain.Fill.TotalSeconds:0.00} s; failed {drain.Failed}, left {drain.Left}");
                Console.WriteLine($"      batch read plan: {drain.ReadPlan}");
                if (drain.Failed > 0 || drain.Left > 0)
                {
                    Console.WriteLine("      WARNING: the relay did not publish everything; its rate is not comparable.");
                }

                relayRuns[stats].Add(drain.Throughput);
            }

            if (settings.RelaySweep)
            {
                await Sweep(host, publish, settings, stats, cancellationToken);
            }
        }

        var table = new List<TableRow>();
        for (var i = 0; i < writerCounts.Length; i++)
        {
            table.Add(new TableRow("store append vs raw INSERT", writerCounts[i].ToString(Invariant), Median(appendRuns[i].Store), Median(appendRuns[i].Raw)));
        }

        table.Add(new TableRow("relay vs direct IBus.Publish", $"{settings.Publishers}*", Median(relayRuns[OutboxStats.NeverAnalysedWithRows]), Median(directRuns)));
        table.Add(new TableRow("  same, outbox analysed w/ backlog", $"{settings.Publishers}*", Median(relayRuns[OutboxStats.AnalysedWithBacklog]), Median(directRuns)));

        if (settings.AppendVariants)
        {
            await AppendVariants(store, settings, cancellationToken);
        }

        PrintTable(settings, relayOptions, table);
    }

    private static async Task PrintHeader(EventStore.EventStore store, MessagingOptions messaging, BenchSettings settings, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('synchronous_commit'), current_setting('fsync')", connection);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);

        Console.WriteLine("IpExchange benchmark");
        Console.WriteLine($"Time:       {started.ToString("yyyy-MM-dd HH:mm:ss zzz", Invariant)}");
        Console.WriteLine($"Machine:    {Environment.ProcessorCount} cores{CpuModel()}, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"Load:       {LoadAverage()} (1/5/15 min load average before the run; other work on the machine skews the numbers)");
        Console.WriteLine($"PostgreSQL: {reader.GetString(0)} (synchronous_commit={reader.GetString(1)}, fsync={reader.GetString(2)}), schema {store.Schema}");
        Console.WriteLine($"RabbitMQ:   {messaging.Host}:{messaging.Port}, publisher confirms on");
        Console.WriteLine($"Settings:   {settings.Duration.TotalSeconds:0.#} s per append/INSERT measurement after {settings.Warmup.TotalSeconds:0.#} s warm-up; " +
                          $"{settings.Messages} messages over {settings.Streams} streams per publish measurement; {settings.Rounds} round(s)");
        Console.WriteLine();
    }

    internal static string CpuModel()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            return line is null ? "" : $" ({line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()})";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void Report(string what, Throughput t, string unit) =>
        Console.WriteLine($"  {what,-56} {t.PerSecond,10:N0} {unit}/s  ({t.Operations:N0} in {t.Elapsed.TotalSeconds:0.00} s, " +
                          $"{t.MeanLatencyMs:0.00} ms each per worker, client CPU {t.CpuMicrosecondsPerOperation:N0} µs each)");

    /// <summary>
    /// Profiling aid, run once per outbox statistics state: the relay at other batch sizes and
    /// parallelism (built directly, on the same store and bus) and its SQL timed alone; with the
    /// first state also direct publishing at more concurrency and the relay's publish path alone.
    /// </summary>
    private static async Task Sweep(IHost host, PublishBenchmark publish, BenchSettings settings, OutboxStats stats, CancellationToken cancellationToken)
    {
        var store = host.Services.GetRequiredService<EventStore.EventStore>();
        var bus = host.Services.GetRequiredService<IBus>();
        var logger = host.Services.GetRequiredService<ILogger<OutboxRelay>>();
        Console.WriteLine($"Relay sweep, {StatsLabel(stats)} (profiling; not in the table):");
        if (stats == OutboxStats.NeverAnalysedWithRows)
        {
            foreach (var concurrency in new[] { 16, 32, 64, 128 })
            {
                Report($"direct IBus.Publish, {concurrency} publishers", await publish.Direct(settings.Messages, concurrency, cancellationToken), "msgs");
            }

            foreach (var parallelism in new[] { 32, 64 })
            {
                Report($"relay's publish path only (no SQL), {parallelism}", await publish.RelayPublishPathOnly(settings.Messages, parallelism, cancellationToken), "msgs");
            }
        }

        foreach (var (batch, parallelism) in new[] { (100, 32), (500, 16), (500, 32), (500, 64), (500, 128), (2000, 32), (2000, 128) })
        {
            var options = new MessagingOptions { Outbox = new OutboxRelayOptions { Enabled = false, BatchSize = batch, Parallelism = parallelism } };
            var relay = new OutboxRelay(store, bus, Options.Create(options), logger);
            var drain = await publish.Relay(relay, options.Outbox, settings.Messages, stats, cancellationToken);
            Report($"relay, batch {batch}, parallelism {parallelism}", drain.Throughput, "msgs");
        }

        foreach (var batch in new[] { 500, 2000 })
        {
            var (read, delete, rows, plan) = await publish.TimeRelaySql(settings.Messages, batch, stats, cancellationToken);
            Console.WriteLine($"  relay SQL alone, batch {batch}: read {read.TotalMilliseconds:N0} ms, delete {delete.TotalMilliseconds:N0} ms " +
                              $"for {rows:N0} rows ({rows / (read + delete).TotalSeconds:N0} rows/s if publishing were free)");
            Console.WriteLine($"      batch read plan: {plan}");
        }
    }

    private static string StatsLabel(OutboxStats stats) => stats == OutboxStats.NeverAnalysedWithRows
        ? "outbox never analysed with rows"
        : "outbox analysed with the backlog";

    /// <summary>
    /// Where an append's time goes: the same loops on Marten alone (its tables only: no hash-chain
    /// trigger, no outbox), on Marten with the hash chain, and on the full store (hash and one outbox
    /// row per append) twice: with the relay leading in this process (woken in memory, as the table's
    /// row measures it) and with the relay elsewhere (a NOTIFY per commit, which serialises commits
    /// across the database), each against raw INSERTs measured next to it.
    /// </summary>
    private static async Task AppendVariants(EventStore.EventStore store, BenchSettings settings, CancellationToken cancellationToken)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")!;
        var bare = EventStoreSetup.CreateEventStore(connectionString, store.Schema + "_bare", b => b.Events(typeof(BenchmarkAppended)));
        var hashed = EventStoreSetup.CreateEventStore(connectionString, store.Schema + "_hash", b => b.Events(typeof(BenchmarkAppended)));
        try
        {
            await bare.Marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await hashed.Migrate(cancellationToken);
            var variants = new (string Name, EventStore.EventStore Store, bool RelayHere)[]
            {
                ("Marten alone", bare, false), ("Marten + hash chain", hashed, false),
                ("Marten + hash + outbox", store, true), ("Marten + hash + outbox + NOTIFY", store, false),
            };
            Console.WriteLine();
            Console.WriteLine($"Where the time goes, {settings.Writers} writers (not in the table):");
            for (var round = 1; round <= settings.Rounds; round++)
            {
                foreach (var (name, variant, relayHere) in variants)
                {
                    variant.Doorbell.Answer(relayHere);
                    var appends = new AppendBenchmark(variant, settings);
                    if (variant != store)
                    {
                        await appends.CreateRawTable(cancellationToken, ifMissing: true);
                    }

                    var raw = await appends.Raw(settings.Writers, cancellationToken);
                    var appended = await appends.Store(settings.Writers, cancellationToken);
                    Report($"r{round} {name}: raw INSERT", raw, "inserts");
                    Report($"r{round} {name}: append (ratio {appended.PerSecond / raw.PerSecond:0.00})", appended, "appends");
                }
            }
        }
        finally
        {
            store.Doorbell.Answer(true);
            await bare.DisposeAsync();
            await hashed.DisposeAsync();
            await DropSchema(connectionString, store.Schema + "_bare");
            await DropSchema(connectionString, store.Schema + "_hash");
        }
    }

    private static void PrintTable(BenchSettings settings, OutboxRelayOptions relay, List<TableRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"Medians of {settings.Rounds} round(s); load average now {LoadAverage()}");
        Console.WriteLine($"{"",-34} {"writers",7} {"IpExchange/s",13} {"baseline/s",11} {"ratio",6}");
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.What,-34} {row.Writers,7} {row.Ours,13:N0} {row.Baseline,11:N0} {row.Ratio,6:0.00}");
        }

        Console.WriteLine($"* direct: {settings.Publishers} concurrent IBus.Publish callers; relay: PublishPending until empty, " +
                          $"batch {relay.BatchSize}, parallelism {relay.Parallelism}; {settings.Messages:N0} messages each.");
        Console.WriteLine("  First relay row: the outbox was never analysed while holding rows (a fresh service, or a quiet one whose autovacuum");
        Console.WriteLine("  only sampled it empty); second row: analysed with the backlog in it. The batch read's plan differs (see the rounds).");
        Console.WriteLine("Goal: >= 0.5 at 16 writers for both");

        var append16 = rows.FirstOrDefault(r => r.What.StartsWith("store", StringComparison.Ordinal) && r.Writers == "16");
        var relayRatio = rows.First(r => r.What.StartsWith("relay", StringComparison.Ordinal)).Ratio;
        Console.WriteLine(append16 is null
            ? "      (not judged: the run did not measure 16 writers)"
            : $"      {(append16.Ratio >= 0.5 && relayRatio >= 0.5 ? "met" : "NOT met")}: append {append16.Ratio:0.00}, relay {relayRatio:0.00} (never analysed with rows; {rows.Last().Ratio:0.00} analysed with backlog)");
    }

    private static double Median(List<Throughput> runs) => Median(runs.Select(r => r.PerSecond));

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private sealed record TableRow(string What, string Writers, double Ours, double Baseline)
    {
        public double Ratio => Ours / Baseline;
    }

    internal static async Task DropSchema(string connectionString, string schema)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"warning: could not drop schema {schema}: {e.Message}");
        }
    }
}
