using System.Globalization;

namespace IpExchange.Benchmarks;

/// <summary>What one run measures.</summary>
internal enum BenchMode
{
    /// <summary>Store appends vs INSERTs and relay vs direct publishes (no mode argument).</summary>
    StoreAndRelay,

    /// <summary>HTTP requests through the gateway vs straight to the Listing service.</summary>
    Gateway,

    /// <summary>Bids on one hot auction vs bids spread over 100 auctions (Matching service).</summary>
    Auctions,
}

/// <summary>Command-line settings of one benchmark run.</summary>
internal sealed record BenchSettings(
    TimeSpan Duration,
    TimeSpan Warmup,
    int Writers,
    int Messages,
    int Streams,
    int Publishers,
    int Rounds,
    bool RelaySweep,
    bool AppendVariants,
    bool Help,
    BenchMode Mode = BenchMode.StoreAndRelay,
    int Concurrency = 16)
{
    public const string Usage = """
        usage: deploy/bench.sh [gateway|auctions] [options]
               (or: dotnet run -c Release --project tests/IpExchange.Benchmarks -- [gateway|auctions] [options])

        Without a mode: store appends vs raw INSERTs, and relay vs direct publishes.
          --seconds N      measured seconds per store/INSERT measurement (default 5)
          --warmup N       warm-up seconds before each of them (default 1)
          --writers N      the concurrent writer count compared besides 1 (default 16)
          --messages N     messages per publish measurement (default 20000)
          --streams N      streams the outbox messages are spread over (default 1000)
          --publishers N   concurrent IBus.Publish callers of the direct baseline (default 16)
          --rounds N       repeat every measurement N times, interleaved, and report medians (default 3)
          --relay-sweep    also time the relay at other batch sizes and parallelism, and time its
                           outbox read and delete on their own (for profiling; not in the table)
          --no-append-variants
                           skip "where the time goes": appends at --writers on Marten alone, Marten with
                           the hash chain, and the whole store (hash and outbox), each against INSERTs

        gateway: HTTP requests through the gateway vs straight to the Listing service (both in this
        process on Kestrel loopback ports), a read mix (search, listing by id) and a write
        (POST /api/patents); requests/s, p50 and p99 latency and the gateway/direct ratios.
          --concurrency N  requests in flight on each side (default 16)
          --seconds N      measured seconds per measurement (default 5)
          --warmup N       warm-up seconds before each of them (default 1)
          --rounds N       repeat every measurement N times, alternating which side goes first,
                           and report medians (default 3)

        auctions: bids on one hot auction vs bids spread over 100 auctions, on the Matching service (in
        this process on a Kestrel loopback port); accepted bids/s, rejected bids/s, p50 and p99 latency
        of accepted bids and the hot/spread ratio.
          --concurrency N  concurrent bidders, each its own organisation (default 32)
          --seconds N      measured seconds per measurement (default 5)
          --warmup N       warm-up seconds before each of them (default 1)
          --rounds N       repeat both measurements N times, alternating which goes first, and
                           report medians (default 3)

        matching-quality: precision@5 and nDCG@5 of the Matching service's ranking on judged demands
        over the demo listings, next to baselines; offline, needs no infrastructure (matching-quality --help).

        Needs ConnectionStrings__EventStore, Messaging__Host and Messaging__Port in the environment
        (eval "$(bash deploy/infra.sh env)"); the relay's other settings can be given the usual way,
        e.g. Messaging__Outbox__BatchSize=1000 Messaging__Outbox__Parallelism=64.
        """;

    private static readonly string[] HttpModeOptions = ["--concurrency", "--seconds", "--warmup", "--rounds", "-h", "--help"];

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 16, 20_000, 1_000, 16, 3, false, true, false);
        var given = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith('-'))
            {
                given.Add(args[i]);
            }

            settings = args[i] switch
            {
                "gateway" when i == 0 => settings with { Mode = BenchMode.Gateway },
                "auctions" when i == 0 => settings with { Mode = BenchMode.Auctions },
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(Number(args, ref i, 0.1)) },
                "--warmup" => settings with { Warmup = TimeSpan.FromSeconds(Number(args, ref i, 0)) },
                "--writers" => settings with { Writers = (int)Number(args, ref i, 1) },
                "--messages" => settings with { Messages = (int)Number(args, ref i, 1) },
                "--streams" => settings with { Streams = (int)Number(args, ref i, 1) },
                "--publishers" => settings with { Publishers = (int)Number(args, ref i, 1) },
                "--rounds" => settings with { Rounds = (int)Number(args, ref i, 1) },
                "--concurrency" => settings with { Concurrency = (int)Number(args, ref i, 1) },
                "--relay-sweep" => settings with { RelaySweep = true },
                "--no-append-variants" => settings with { AppendVariants = false },
                "-h" or "--help" => settings with { Help = true },
                _ => throw new ArgumentException(args[i] is "gateway" or "auctions" ? $"the mode '{args[i]}' goes first" : $"unknown option '{args[i]}'"),
            };
        }

        var misplaced = settings.Mode is BenchMode.Gateway or BenchMode.Auctions
            ? given.FirstOrDefault(o => !HttpModeOptions.Contains(o))
            : given.FirstOrDefault(o => o == "--concurrency");
        if (misplaced is not null)
        {
            throw new ArgumentException(settings.Mode is BenchMode.Gateway or BenchMode.Auctions
                ? $"{misplaced} does not apply to the {settings.Mode.ToString().ToLowerInvariant()} mode"
                : $"{misplaced} applies to the gateway and auctions modes only (deploy/bench.sh gateway {misplaced} N)");
        }

        // The auctions mode's own default: 32 bidders.
        return settings.Mode == BenchMode.Auctions && !given.Contains("--concurrency") ? settings with { Concurrency = 32 } : settings;
    }

    private static double Number(string[] args, ref int i, double minimum)
    {
        var name = args[i];
        if (++i >= args.Length
            || !double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || value < minimum
            || value > int.MaxValue)
        {
            throw new ArgumentException($"{name} needs a number >= {minimum.ToString(CultureInfo.InvariantCulture)}");
        }

        return value;
    }
}
