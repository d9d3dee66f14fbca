using System.Diagnostics;
using System.Globalization;

namespace IpExchange.Benchmarks;

/// <summary>HTTP requests completed over a measured interval, with their latencies.</summary>
internal sealed record HttpLoad(
    int Concurrency,
    long Completed,
    IReadOnlyDictionary<string, long> Errors,
    TimeSpan Elapsed,
    double P50Ms,
    double P99Ms,
    TimeSpan Cpu)
{
    /// <summary>2xx answers per second; anything else is an error and does not count.</summary>
    public double PerSecond => Completed / Elapsed.TotalSeconds;

    public long ErrorCount => Errors.Values.Sum();

    /// <summary>CPU this process spent per completed request, in microseconds (here: client, gateway and service together).</summary>
    public double CpuMicrosecondsPerRequest => Completed == 0 ? double.NaN : Cpu.TotalMicroseconds / Completed;

    public string ErrorSummary => Errors.Count == 0
        ? "none"
        : string.Join(", ", Errors.OrderByDescending(e => e.Value).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} x{e.Value:N0}")));

    /// <summary>
    /// Runs <paramref name="concurrency"/> workers sending one request after another for the warm-up
    /// and then the measured duration. A request counts when it completes inside the measured
    /// interval: as completed (with its latency) when its status is 2xx, as an error otherwise (by
    /// status code, or by exception for a request that got no answer). Each worker gets its own
    /// request function, which returns the status code once the whole response body was read.
    /// </summary>
    public static async Task<HttpLoad> Measure(int concurrency, Func<int, Func<Task<int>>> worker, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var phase = new Phase();
        var latencies = new List<long>[concurrency];
        var errors = new Dictionary<string, long>[concurrency];
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var send = worker(w);
            var mine = latencies[w] = new List<long>(capacity: 16_384);
            var failed = errors[w] = [];
            while (phase.Current != Phase.Stopped)
            {
                // The stop is checked between requests only: a request is never cut short.
                var started = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    var status = await send();
                    error = status is >= 200 and < 300 ? null : status.ToString(CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException e)
                {
                    error = e.HttpRequestError.ToString();
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    error = "timeout";
                }

                var ended = Stopwatch.GetTimestamp();
                if (phase.Current != Phase.Measuring)
                {
                    continue;
                }

                if (error is null)
                {
                    mine.Add(ended - started);
                }
                else
                {
                    failed[error] = failed.GetValueOrDefault(error) + 1;
                }
            }
        }, CancellationToken.None)).ToArray();

        try
        {
            await WhenAllOrFault(workers, Task.Delay(warmup, cancellationToken));
            var cpu = Throughput.ProcessCpu();
            var started = Stopwatch.GetTimestamp();
            phase.Current = Phase.Measuring;
            await WhenAllOrFault(workers, Task.Delay(duration, cancellationToken));
            phase.Current = Phase.Stopped;
            var elapsed = Stopwatch.GetElapsedTime(started);
            var spent = Throughput.ProcessCpu() - cpu;
            await Task.WhenAll(workers);

            var all = latencies.SelectMany(l => l).Order().ToArray();
            var failures = errors.SelectMany(e => e).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
            return new HttpLoad(concurrency, all.Length, failures, elapsed, Percentile(all, 0.50), Percentile(all, 0.99), spent);
        }
        finally
        {
            phase.Current = Phase.Stopped;
            await Task.WhenAll(workers).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Nearest-rank percentile of sorted Stopwatch tick durations, in milliseconds.</summary>
    private static double Percentile(long[] sortedTicks, double p)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(rank, 0, sortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>Waits for <paramref name="delay"/>, but surfaces a worker's failure at once.</summary>
    private static async Task WhenAllOrFault(Task[] workers, Task delay)
    {
        var first = await Task.WhenAny(workers.Append(delay));
        await first; // rethrows a worker's exception (or the delay's cancellation)
        if (first != delay)
        {
            throw new InvalidOperationException("A benchmark worker stopped before the measurement ended.");
        }
    }

    private sealed class Phase
    {
        public const int WarmingUp = 0;
        public const int Measuring = 1;
        public const int Stopped = 2;

        private int _value = WarmingUp;

        public int Current
        {
            get => Volatile.Read(ref _value);
            set => Volatile.Write(ref _value, value);
        }
    }
}
