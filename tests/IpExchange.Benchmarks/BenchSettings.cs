using System.Globalization;

namespace IpExchange.Benchmarks;

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
    bool Help)
{
    public const string Usage = """
        usage: deploy/bench.sh [options]   (or: dotnet run -c Release --project tests/IpExchange.Benchmarks -- [options])

          --seconds N      measured seconds per store/INSERT measurement (default 5)
          --warmup N       warm-up seconds before each of them (default 1)
          --writers N      the concurrent writer count compared besides 1 (default 16)
          --messages N     messages per publish measurement (default 20000)
          --streams N      streams the outbox messages are spread over (default 1000)
          --publishers N   concurrent IBus.Publish callers of the direct baseline (default 16)
          --rounds N       repeat every measurement N times, interleaved, and report medians (default 3)
          --relay-sweep    also time the relay at other batch sizes and parallelism, and time its
                           outbox read and delete on their own (for profiling; not in the table)
          --append-variants
                           also time appends and INSERTs at --writers with other Npgsql pool settings
                           (Max Auto Prepare, No Reset On Close) (for profiling; not in the table)

        Needs ConnectionStrings__EventStore, Messaging__Host and Messaging__Port in the environment
        (eval "$(bash deploy/infra.sh env)"); the relay's other settings can be given the usual way,
        e.g. Messaging__Outbox__BatchSize=1000 Messaging__Outbox__Parallelism=64.
        """;

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 16, 20_000, 1_000, 16, 3, false, false, false);
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(Number(args, ref i, 0.1)) },
                "--warmup" => settings with { Warmup = TimeSpan.FromSeconds(Number(args, ref i, 0)) },
                "--writers" => settings with { Writers = (int)Number(args, ref i, 1) },
                "--messages" => settings with { Messages = (int)Number(args, ref i, 1) },
                "--streams" => settings with { Streams = (int)Number(args, ref i, 1) },
                "--publishers" => settings with { Publishers = (int)Number(args, ref i, 1) },
                "--rounds" => settings with { Rounds = (int)Number(args, ref i, 1) },
                "--relay-sweep" => settings with { RelaySweep = true },
                "--append-variants" => settings with { AppendVariants = true },
                "-h" or "--help" => settings with { Help = true },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return settings;
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
