using System.Diagnostics;
using System.Text.Json;
using IpExchange.EventStore;
using Npgsql;

namespace IpExchange.Monitoring.Rebuilding;

public sealed record RebuildResult(long Events, long LastSequence, long ElapsedMs);

/// <summary>
/// Rebuilds every read model from scratch: empties the tables and replays all of Monitoring's
/// events, in global order, through the same inline projections that keep them while running, in
/// one transaction. TRUNCATE locks the tables until the commit, so a fact arriving meanwhile waits
/// and is projected after the replay; readers see the old figures until the new ones are complete.
/// </summary>
public sealed class ReadModelRebuild(EventStore.EventStore store, IEnumerable<IInlineProjection> projections)
{
    private const int Page = 1000;

    public async Task<RebuildResult> Run(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var all = projections.ToList();
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var truncate = new NpgsqlCommand(store.Sql($"TRUNCATE {string.Join(", ", MonitoringSchema.ReadModelTables.Select(t => "{schema}." + t))}"), connection, transaction))
        {
            await truncate.ExecuteNonQueryAsync(cancellationToken);
        }

        var context = new ProjectionContext(connection, transaction, store);
        long after = 0;
        long count = 0;
        while (true)
        {
            var page = await ReadPage(connection, transaction, after, cancellationToken);
            foreach (var @event in page)
            {
                foreach (var projection in all)
                {
                    await projection.Apply(context, @event, cancellationToken);
                }
            }

            count += page.Count;
            if (page.Count > 0)
            {
                after = page[^1].Sequence;
            }

            if (page.Count < Page)
            {
                break;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new RebuildResult(count, after, watch.ElapsedMilliseconds);
    }

    private async Task<List<StoredEvent>> ReadPage(NpgsqlConnection connection, NpgsqlTransaction transaction, long after, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("""
            SELECT seq, stream_id, version, type, data::text, metadata::text, created_at, hash FROM {schema}.events WHERE seq > @after ORDER BY seq LIMIT @page
            """), connection, transaction);
        cmd.With("after", after).With("page", Page);
        var page = new List<StoredEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var data = JsonSerializer.Deserialize(reader.GetString(4), store.Types.TypeOf(reader.GetString(3)), store.Json)
                ?? throw new InvalidOperationException($"Event {reader.GetInt64(0)} has no data.");
            var metadata = JsonSerializer.Deserialize<EventMetadata>(reader.GetString(5), store.Json)
                ?? throw new InvalidOperationException($"Event {reader.GetInt64(0)} has no metadata.");
            page.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), data, metadata,
                reader.GetFieldValue<DateTimeOffset>(6), Convert.ToHexStringLower((byte[])reader[7])));
        }

        return page;
    }
}
