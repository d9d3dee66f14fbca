using System.Text.Json;
using IpExchange.Benchmarks.Messages;
using IpExchange.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace IpExchange.Benchmarks;

/// <summary>
/// Event store appends (Marten's append, the hash-chain trigger and, when the store maps events to
/// integration events, one outbox row each) against the plainest write PostgreSQL can do: one-row
/// INSERTs into a table <c>(id bigserial, stream text, data jsonb)</c>, each its own autocommit
/// transaction, with a jsonb body of the same size as the appended event's data. Both go through
/// the store's pooled data source, so connection handling is the same on both sides.
/// </summary>
internal sealed class AppendBenchmark(EventStore.EventStore store, BenchSettings settings)
{
    private static readonly EventMetadata Metadata = EventMetadata.System();
    private static int s_measurements; // static: stream names stay unique across instances on one schema

    public BenchmarkAppended Event { get; } = new(42, Payloads.Text);

    /// <summary>The jsonb body each raw INSERT writes: the appended event's own data.</summary>
    public string RawBody => JsonSerializer.Serialize(Event, store.Json);

    public async Task CreateRawTable(CancellationToken cancellationToken, bool ifMissing = false)
    {
        await using var cmd = store.DataSource.CreateCommand(store.Sql(
            $"CREATE TABLE {(ifMissing ? "IF NOT EXISTS " : "")}{{schema}}.raw_inserts (id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)"));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Throughput> Raw(int writers, CancellationToken cancellationToken)
    {
        var sql = store.Sql("INSERT INTO {schema}.raw_inserts (stream, data) VALUES (@s, @d)");
        var body = RawBody;
        var measurement = Interlocked.Increment(ref s_measurements);
        return Throughput.Measure(writers, w =>
        {
            var stream = $"raw-m{measurement}-w{w}";
            return async () =>
            {
                await using var cmd = store.DataSource.CreateCommand(sql);
                cmd.Parameters.AddWithValue("s", stream);
                cmd.Parameters.Add(new NpgsqlParameter("d", NpgsqlDbType.Jsonb) { Value = body });
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            };
        }, settings.Warmup, settings.Duration, cancellationToken);
    }

    /// <summary>One session per append, one event to the writer's own stream at the version it knows, SaveChanges.</summary>
    public Task<Throughput> Store(int writers, CancellationToken cancellationToken)
    {
        var measurement = Interlocked.Increment(ref s_measurements);
        return Throughput.Measure(writers, w =>
        {
            var stream = $"store-m{measurement}-w{w}";
            var expected = ExpectedVersion.NoStream;
            return async () =>
            {
                await using var session = await store.OpenSession(Metadata, cancellationToken);
                session.Append(stream, expected, Event);
                await session.SaveChanges(cancellationToken);
                expected++;
            };
        }, settings.Warmup, settings.Duration, cancellationToken);
    }
}

/// <summary>What the benchmark store announces: one message per appended event, so every append writes an outbox row.</summary>
internal sealed class BenchmarkAnnouncements : IIntegrationEvents
{
    public IEnumerable<object> For(AppendedEvent appended) => appended.Data switch
    {
        BenchmarkAppended e => [new BenchmarkPinged(Guid.Empty, appended.StreamId, e.Number, e.Payload)],
        _ => [],
    };
}

internal static class Payloads
{
    /// <summary>About 200 characters: the size of a typical small domain event or message.</summary>
    public const string Text =
        "Patent CN-2024-118842 licence offer: exclusive, mainland China, five years, royalty 3.5% of net sales, " +
        "minimum annual payment CNY 120,000, sublicensing allowed with consent, field of use: medical imaging.";
}
