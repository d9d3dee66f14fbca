using System.Diagnostics;

namespace IpExchange.Benchmarks;

/// <summary>Operations counted over a measured interval.</summary>
internal sealed record Throughput(int Concurrency, long Operations, TimeSpan Elapsed, TimeSpan Cpu)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>CPU this process (the benchmark, i.e. the client side) spent per operation, in microseconds.</summary>
    public double CpuMicrosecondsPerOperation => Operations == 0 ? double.NaN : Cpu.TotalMicroseconds / Operations;

    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Mean time one worker spent per operation (concurrency / rate).</summary>
    public double MeanLatencyMs => Operations == 0 ? double.NaN : Concurrency * Elapsed.TotalMilliseconds / Operations;

    /// <summary>
    /// Runs <paramref name="concurrency"/> workers in a loop for the warm-up and then the measured
    /// duration, and counts the operations completed in the measured interval only. Each worker gets
    /// its own operation (with its own state, e.g. the expected version of its stream).
    /// </summary>
    public static async Task<Throughput> Measure(int concurrency, Func<int, Func<Task>> worker, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var counter = new Counter();
        var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var operation = worker(w);
            while (!stop.IsCancellationRequested)
            {
                // The stop token is checked between operations only: an operation is never cut short.
                await operation();
                counter.Increment();
            }
        }, CancellationToken.None)).ToArray();

        try
        {
            await WhenAllOrFault(workers, Task.Delay(warmup, cancellationToken));
            var before = counter.Value;
            var cpu = ProcessCpu();
            var started = Stopwatch.GetTimestamp();
            await WhenAllOrFault(workers, Task.Delay(duration, cancellationToken));
            var after = counter.Value;
            var elapsed = Stopwatch.GetElapsedTime(started);
            return new Throughput(concurrency, after - before, elapsed, ProcessCpu() - cpu);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            stop.Dispose();
        }
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

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
