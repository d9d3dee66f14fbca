using System.Diagnostics;
using System.Text.Json;
using IpExchange.Benchmarks.Messages;
using IpExchange.EventStore;
using IpExchange.Messaging;
using MassTransit;
using Npgsql;

namespace IpExchange.Benchmarks;

/// <summary>
/// The planner statistics the outbox has when a backlog is drained; the relay's batch read is
/// planned from them. Without column statistics (the outbox was never analysed while it held rows:
/// a fresh service, or a quiet one whose autovacuum only ever sampled it empty) PostgreSQL picks a
/// hash anti-join over the whole backlog plus a sort, on every pass. Analysed with rows in it, it
/// walks the primary key and stops after one batch. ANALYZE of an empty table keeps the statistics
/// it had, so the first state can only be measured before the second.
/// </summary>
internal enum OutboxStats
{
    NeverAnalysedWithRows,
    AnalysedWithBacklog,
}

/// <summary>What one timed relay drain did.</summary>
internal sealed record RelayDrain(Throughput Throughput, int Passes, long Failed, long Left, TimeSpan Fill, string ReadPlan);

/// <summary>
/// The outbox relay against MassTransit publishing directly. Both publish the same message type,
/// with publisher confirms, to an exchange no queue is bound to (RabbitMQ confirms and drops).
/// </summary>
internal sealed class PublishBenchmark(EventStore.EventStore store, IBus bus, BenchSettings settings)
{
    private const int MessagesPerFillSession = 500;

    /// <summary>The relay's own batch read, for timing and EXPLAIN.</summary>
    private const string RelayReadSql = OutboxRelay.BatchReadSql;

    private readonly Guid _runId = Guid.NewGuid();
    private bool _analysedWithRows;

    /// <summary><paramref name="count"/> messages from <paramref name="publishers"/> concurrent IBus.Publish callers.</summary>
    public async Task<Throughput> Direct(int count, int publishers, CancellationToken cancellationToken)
    {
        var next = 0;
        var cpu = Throughput.ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= count)
            {
                await bus.Publish(Message(i), cancellationToken);
            }
        }, cancellationToken)));
        return new Throughput(publishers, count, Stopwatch.GetElapsedTime(started), Throughput.ProcessCpu() - cpu);
    }

    /// <summary>
    /// Commits <paramref name="count"/> messages to the (empty) outbox with the given planner
    /// statistics (untimed), then times <see cref="OutboxRelay.PublishPending"/> called until a pass
    /// reports nothing remaining.
    /// </summary>
    public async Task<RelayDrain> Relay(OutboxRelay relay, OutboxRelayOptions options, int count, OutboxStats stats, CancellationToken cancellationToken)
    {
        var fill = await PrepareBacklog(count, stats, cancellationToken);
        var plan = await ReadPlan(options.BatchSize, cancellationToken);
        var passes = 0;
        long published = 0, failed = 0;
        var cpu = Throughput.ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        RelayPass pass;
        do
        {
            pass = await relay.PublishPending(cancellationToken);
            passes++;
            published += pass.Published;
            failed += pass.Failed;
        }
        while (pass.Remaining);

        var elapsed = Stopwatch.GetElapsedTime(started);
        cpu = Throughput.ProcessCpu() - cpu;
        var left = await OutboxCount(cancellationToken);
        return new RelayDrain(new Throughput(options.Parallelism, published, elapsed, cpu), passes, failed, left, fill, plan);
    }

    /// <summary>Commits messages to the outbox through EventSession.Publish, spread over the streams.</summary>
    public async Task<TimeSpan> Fill(int count, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var sessions = (count + MessagesPerFillSession - 1) / MessagesPerFillSession;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, sessions),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (s, ct) =>
            {
                await using var session = await store.OpenSession(EventMetadata.System(), ct);
                for (var i = s * MessagesPerFillSession; i < Math.Min(count, (s + 1) * MessagesPerFillSession); i++)
                {
                    var message = Message(i);
                    session.Publish(message, message.StreamId);
                }

                await session.SaveChanges(ct);
            });
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Turns autovacuum off for the benchmark's outbox (before anything was written to it), so that
    /// its planner statistics are the ones each measurement sets up (<see cref="OutboxStats"/>) and
    /// not whatever an autovacuum worker happened to sample in between.
    /// </summary>
    public async Task PinOutboxStatistics(CancellationToken cancellationToken) =>
        await Execute("ALTER TABLE {schema}.outbox SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)", cancellationToken);

    /// <summary>Vacuums the empty outbox, fills it, and analyses it with the backlog in if asked to.</summary>
    private async Task<TimeSpan> PrepareBacklog(int count, OutboxStats stats, CancellationToken cancellationToken)
    {
        if (stats == OutboxStats.NeverAnalysedWithRows && _analysedWithRows)
        {
            throw new InvalidOperationException("The outbox has been analysed with rows already; measure that state first.");
        }

        await Execute("VACUUM {schema}.outbox", cancellationToken);
        var fill = await Fill(count, cancellationToken);
        if (stats == OutboxStats.AnalysedWithBacklog)
        {
            await Execute("ANALYZE {schema}.outbox", cancellationToken);
            _analysedWithRows = true;
        }

        return fill;
    }

    private async Task Execute(string sql, CancellationToken cancellationToken)
    {
        await using var cmd = store.DataSource.CreateCommand(store.Sql(sql));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The plan PostgreSQL picks now for the relay's batch read, as its node names.</summary>
    public async Task<string> ReadPlan(int batchSize, CancellationToken cancellationToken)
    {
        await using var cmd = store.DataSource.CreateCommand("EXPLAIN (COSTS OFF) " + store.Sql(RelayReadSql));
        cmd.Parameters.AddWithValue("n", batchSize);
        cmd.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
        var nodes = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var line = reader.GetString(0).Trim();
            if (line.StartsWith("->", StringComparison.Ordinal))
            {
                line = line[2..].Trim();
            }
            else if (nodes.Count > 0)
            {
                continue; // a property line (Filter:, Sort Key: ...), not a node
            }

            var end = line.IndexOf("  (", StringComparison.Ordinal);
            nodes.Add(end < 0 ? line : line[..end]);
        }

        return string.Join(" > ", nodes);
    }

    public async Task<long> OutboxCount(CancellationToken cancellationToken)
    {
        await using var cmd = store.DataSource.CreateCommand(store.Sql("SELECT count(*) FROM {schema}.outbox"));
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Times the relay's two SQL statements on their own, on a full outbox: the batch read (as
    /// OutboxRelay.ReadBatch issues it) and the delete of one batch's ids. Leaves the outbox empty.
    /// </summary>
    public async Task<(TimeSpan Read, TimeSpan Delete, int Rows, string Plan)> TimeRelaySql(int count, int batchSize, OutboxStats stats, CancellationToken cancellationToken)
    {
        await PrepareBacklog(count, stats, cancellationToken);

        var plan = await ReadPlan(batchSize, cancellationToken);
        var read = TimeSpan.Zero;
        var delete = TimeSpan.Zero;
        var rows = 0;
        while (true)
        {
            var ids = new List<long>(batchSize);
            var started = Stopwatch.GetTimestamp();
            await using (var connection = await store.DataSource.OpenConnectionAsync(cancellationToken))
            await using (var cmd = new NpgsqlCommand(store.Sql(RelayReadSql), connection))
            {
                cmd.Parameters.AddWithValue("n", batchSize);
                cmd.Parameters.AddWithValue("now", DateTimeOffset.UtcNow);
                await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                    _ = reader.GetString(4);
                    _ = reader.GetString(5);
                }
            }

            read += Stopwatch.GetElapsedTime(started);
            if (ids.Count == 0)
            {
                return (read, delete, rows, plan);
            }

            rows += ids.Count;
            started = Stopwatch.GetTimestamp();
            await using (var connection = await store.DataSource.OpenConnectionAsync(cancellationToken))
            await using (var cmd = new NpgsqlCommand(store.Sql("DELETE FROM {schema}.outbox WHERE id = ANY(@ids)"), connection))
            {
                cmd.Parameters.AddWithValue("ids", ids.ToArray());
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            delete += Stopwatch.GetElapsedTime(started);
        }
    }

    /// <summary>
    /// The relay's per-message work without its SQL and without the batch barrier: what
    /// OutboxRelay.Publish does for a row (deserialise body and headers, a linked timeout, publish
    /// with the ids and headers set), from <paramref name="parallelism"/> workers pulling from memory.
    /// </summary>
    public async Task<Throughput> RelayPublishPathOnly(int count, int parallelism, CancellationToken cancellationToken)
    {
        var type = typeof(BenchmarkPinged);
        var typeName = $"{type.FullName}, {type.Assembly.GetName().Name}";
        var headers = JsonSerializer.Serialize(EventMetadata.System(), store.Json);
        var rows = Enumerable.Range(0, count)
            .Select(i => (MessageId: Guid.NewGuid(), Message(i).StreamId, Body: JsonSerializer.Serialize(Message(i), store.Json)))
            .ToArray();
        var next = -1;
        var cpu = Throughput.ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var row = rows[i];
                var messageType = Type.GetType(typeName, throwOnError: true)!;
                var message = JsonSerializer.Deserialize(row.Body, messageType, store.Json)!;
                var metadata = JsonSerializer.Deserialize<EventMetadata>(headers, store.Json)!;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(10_000);
                await bus.Publish(message, messageType, Pipe.Execute<PublishContext>(context =>
                {
                    context.MessageId = row.MessageId;
                    context.CorrelationId = metadata.CorrelationId;
                    context.InitiatorId = metadata.CausationId;
                    context.Durable = true;
                    context.Headers.Set(IpExchange.Messaging.MessageHeaders.UserId, metadata.UserId);
                    context.Headers.Set(IpExchange.Messaging.MessageHeaders.StreamId, row.StreamId);
                }), timeout.Token);
            }
        }, cancellationToken)));
        return new Throughput(parallelism, count, Stopwatch.GetElapsedTime(started), Throughput.ProcessCpu() - cpu);
    }

    private BenchmarkPinged Message(int number) =>
        new(_runId, $"stream-{number % settings.Streams}", number, Payloads.Text);
}
