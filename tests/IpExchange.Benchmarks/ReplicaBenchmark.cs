using System.Diagnostics;
using System.Globalization;
using IpExchange.SystemTesting;

namespace IpExchange.Benchmarks;

/// <summary>
/// The <c>replicas</c> mode: deals per minute through the gateway with one and with two processes
/// of every service, in one run, on the same PostgreSQL and RabbitMQ. Each configuration is the
/// whole system started as processes by the system tests' harness (its own schemas and virtual
/// host); a deal is the whole flow (a patent registered and listed, approved, learnt by Matching,
/// raced for by three enterprises, reserved by Listing and drafted by Contract), and counts when
/// every service shows it. Several deals are in flight at once.
/// </summary>
internal static class ReplicaBenchmark
{
    private const string Usage = """
        usage: deploy/bench.sh replicas [--deals N] [--concurrency N] [--replicas 1,2] [--rounds N]
          --deals N        deals measured per configuration (default 60)
          --concurrency N  deals in flight at once (default 12)
          --replicas L     the replica counts to compare, in order (default 1,2)
          --rounds N       repeat the comparison N times, alternating, and report medians (default 1)
        The services run from their Release builds (deploy/bench.sh builds them); the figures depend on
        the machine's cores: replicas of every service on one small machine share the same CPUs.
        """;

    public static async Task<int> Run(string[] args)
    {
        int deals = 60, concurrency = 12, rounds = 1;
        var replicaCounts = new List<int> { 1, 2 };
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--deals": deals = Positive(args, ++i); break;
                    case "--concurrency": concurrency = Positive(args, ++i); break;
                    case "--rounds": rounds = Positive(args, ++i); break;
                    case "--replicas":
                        replicaCounts = (i + 1 < args.Length ? args[++i] : "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                        break;
                    case "--help": Console.WriteLine(Usage); return 0;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{Usage}");
            return 2;
        }

        var results = replicaCounts.ToDictionary(r => r, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? replicaCounts : Enumerable.Reverse(replicaCounts).ToList();
            foreach (var replicas in order)
            {
                var rate = await Measure(replicas, deals, concurrency);
                results[replicas].Add(rate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: {replicas} replica(s) per service: {rate:0.0} deals/min"));
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Deals through the gateway, {deals} per configuration, {concurrency} in flight, on {Environment.ProcessorCount} cores ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC):"));
        Console.WriteLine("| replicas per service | deals/min (median) | vs the first |");
        Console.WriteLine("| ---: | ---: | ---: |");
        var baseline = Median(results[replicaCounts[0]]);
        foreach (var replicas in replicaCounts)
        {
            var median = Median(results[replicas]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {replicas} | {median:0.0} | {median / baseline:0.00}x |"));
        }

        return 0;
    }

    private static async Task<double> Measure(int replicas, int deals, int concurrency)
    {
        Console.WriteLine($"Starting the system with {replicas} replica(s) per service...");
        await using var system = await SystemUnderTest.Start(new SystemOptions { Replicas = replicas, QuorumQueues = true });
        using var client = new ExchangeClient(system.GatewayAddress);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        await client.SignInAll(cancel.Token);
        var workload = new DealWorkload(client) { SettleTimeout = TimeSpan.FromMinutes(5) };

        // Warm-up: JIT, connection pools, the first queue bindings.
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, 4)).Select(n => workload.Transfer(1_000 + n, cancel.Token)));

        using var gate = new SemaphoreSlim(concurrency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, deals).Select(async n =>
        {
            await gate.WaitAsync(cancel.Token);
            try
            {
                await workload.Transfer(n, cancel.Token);
            }
            finally
            {
                gate.Release();
            }
        }));
        clock.Stop();
        return deals / clock.Elapsed.TotalMinutes;
    }

    private static int Positive(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{args[i - 1]} needs a positive number");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
