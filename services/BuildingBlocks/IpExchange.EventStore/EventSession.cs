using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace IpExchange.EventStore;

/// <summary>
/// One unit of work: reads, appends, integration messages and handled-message marks that commit
/// together or not at all (Marten's IDocumentSession role). Disposing without SaveChanges rolls back.
/// </summary>
public sealed class EventSession : IAsyncDisposable
{
    private readonly EventStore _store;
    private readonly IReadOnlyList<IInlineProjection> _projections;
    private readonly List<(string StreamId, string StreamType, long ExpectedVersion, object[] Events)> _appends = [];
    private readonly List<OutboxMessage> _outbox = [];
    private bool _completed;
    private bool _disposed;

    private NpgsqlTransaction? _transaction;

    internal EventSession(EventStore store, NpgsqlConnection connection, EventMetadata metadata, IReadOnlyList<IInlineProjection> projections)
    {
        _store = store;
        Connection = connection;
        Metadata = metadata;
        _projections = projections;
    }

    /// <summary>The session's connection, for read-model queries that must see and commit with it.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>
    /// The session's transaction, begun on first use (by the inbox, a timer, a projection or the
    /// caller's own commands). A session that only reads and appends never needs one: SaveChanges
    /// then sends the appends and the outbox as one batch, which PostgreSQL runs as one implicit
    /// transaction, all or nothing, in a single round trip.
    /// </summary>
    public NpgsqlTransaction Transaction => _transaction ??= Connection.BeginTransaction();
    public EventMetadata Metadata { get; }

    public Task<Aggregate<TState>> Load<TState>(string streamId, CancellationToken cancellationToken = default)
        where TState : IAggregateState<TState> =>
        _store.Load<TState>(Connection, _transaction, streamId, cancellationToken);

    /// <summary>Queues events for a stream; the append checks <paramref name="expectedVersion"/> at SaveChanges.</summary>
    public void Append(string streamId, string streamType, long expectedVersion, params object[] events)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        if (events.Length == 0)
        {
            return;
        }

        _appends.Add((streamId, streamType, expectedVersion, events));
    }

    public void Append<TState>(Aggregate<TState> aggregate, params object[] events) =>
        Append(aggregate.StreamId, typeof(TState).Name, aggregate.Version, events);

    /// <summary>
    /// Queues an integration message for the outbox. Messages of one stream are published in the
    /// order they were committed; <paramref name="messageId"/> defaults to a new id and is the id
    /// consumers de-duplicate on.
    /// </summary>
    public void Publish(object message, string? streamId = null, Guid? messageId = null)
    {
        var type = message.GetType();
        _outbox.Add(new OutboxMessage(
            messageId ?? Guid.NewGuid(),
            streamId,
            $"{type.FullName}, {type.Assembly.GetName().Name}",
            JsonSerializer.Serialize(message, type, _store.Json)));
    }

    /// <summary>
    /// Records that <paramref name="consumer"/> handled <paramref name="messageId"/>, in this session's
    /// transaction. False when it was handled before: the caller then does nothing. A concurrent
    /// duplicate waits on the first one's row lock and sees false once that one commits.
    /// </summary>
    public async Task<bool> TryMarkHandled(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var cmd = new NpgsqlCommand(_store.Sql("INSERT INTO {schema}.inbox (consumer, message_id, handled_at) VALUES (@c, @m, @t) ON CONFLICT DO NOTHING"), Connection, Transaction);
        cmd.Parameters.AddWithValue("c", consumer);
        cmd.Parameters.AddWithValue("m", messageId);
        cmd.Parameters.AddWithValue("t", _store.Now());
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Schedules (or moves) a durable timer, committed with this session.</summary>
    public async Task ScheduleTimer(string kind, string key, DateTimeOffset dueAt, object? payload = null, CancellationToken cancellationToken = default)
    {
        await using var cmd = new NpgsqlCommand(_store.Sql("""
            INSERT INTO {schema}.timers (kind, key, due_at, payload) VALUES (@k, @key, @due, @p::jsonb)
            ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload, attempts = 0, last_error = NULL
            """), Connection, Transaction);
        cmd.Parameters.AddWithValue("k", kind);
        cmd.Parameters.AddWithValue("key", key);
        cmd.Parameters.AddWithValue("due", dueAt.ToUniversalTime());
        cmd.Parameters.AddWithValue("p", payload is null ? "{}" : JsonSerializer.Serialize(payload, _store.Json));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CancelTimer(string kind, string key, CancellationToken cancellationToken = default)
    {
        await using var cmd = new NpgsqlCommand(_store.Sql("DELETE FROM {schema}.timers WHERE kind = @k AND key = @key"), Connection, Transaction);
        cmd.Parameters.AddWithValue("k", kind);
        cmd.Parameters.AddWithValue("key", key);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Appends the queued events (checking each stream's expected version), runs the inline
    /// projections, writes the outbox, and commits. Throws <see cref="ConcurrencyException"/> when a
    /// stream moved on; nothing is then committed.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> SaveChanges(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var now = _store.Now();
        var metadataJson = JsonSerializer.Serialize(Metadata, _store.Json);
        var appends = _appends.Select(a => new PreparedAppend(a.StreamId, a.StreamType, a.ExpectedVersion, a.Events,
            a.Events.Select(e => _store.Types.NameOf(e.GetType())).ToArray())).ToList();
        var current = appends.FirstOrDefault();
        try
        {
            var stored = new List<StoredEvent>();
            if (_transaction is null && _projections.Count == 0)
            {
                stored = await SaveAsOneBatch(appends, metadataJson, now, cancellationToken);
            }
            else
            {
                foreach (var append in appends)
                {
                    current = append;
                    await using var cmd = AppendCommand(append, metadataJson, now);
                    cmd.Transaction = Transaction;
                    await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
                    stored.AddRange(await ReadAppended(reader, append, now, cancellationToken));
                }

                if (_projections.Count > 0)
                {
                    var context = new ProjectionContext(Connection, Transaction, _store);
                    foreach (var @event in stored)
                    {
                        foreach (var projection in _projections)
                        {
                            await projection.Apply(context, @event, cancellationToken);
                        }
                    }
                }

                if (_outbox.Count > 0)
                {
                    await using var outbox = OutboxCommand(now);
                    outbox.Transaction = Transaction;
                    await outbox.ExecuteNonQueryAsync(cancellationToken);
                }

                await Transaction.CommitAsync(cancellationToken);
            }

            _completed = true;
            return stored;
        }
        catch (PostgresException e) when (e.SqlState == "IPX01")
        {
            // In a batch the failing stream is the one the function names; otherwise the one being appended.
            var failed = appends.FirstOrDefault(a => e.MessageText.StartsWith($"stream {a.StreamId} is at", StringComparison.Ordinal)) ?? current;
            throw new ConcurrencyException(failed?.StreamId ?? "", failed?.ExpectedVersion ?? 0, EventStore.ParseVersion(e.Hint));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "events_stream_version")
        {
            // Cannot happen while appends go through append_events (the stream row serialises them);
            // kept so that a raw insert racing an append still surfaces as a concurrency conflict.
            throw new ConcurrencyException(e.MessageText);
        }
    }

    private async Task<List<StoredEvent>> SaveAsOneBatch(List<PreparedAppend> appends, string metadataJson, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // No transaction was begun: the commands go as one batch with one Sync, which PostgreSQL runs
        // as an implicit transaction; an error in any of them (a lost race) rolls back all of them.
        await using var batch = new NpgsqlBatch(Connection);
        foreach (var append in appends)
        {
            batch.BatchCommands.Add(ToBatchCommand(AppendCommand(append, metadataJson, now)));
        }

        if (_outbox.Count > 0)
        {
            batch.BatchCommands.Add(ToBatchCommand(OutboxCommand(now)));
        }

        var stored = new List<StoredEvent>();
        if (batch.BatchCommands.Count == 0)
        {
            return stored;
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var append in appends)
        {
            stored.AddRange(await ReadAppended(reader, append, now, cancellationToken));
            await reader.NextResultAsync(cancellationToken);
        }

        return stored;
    }

    private static NpgsqlBatchCommand ToBatchCommand(NpgsqlCommand command)
    {
        var batchCommand = new NpgsqlBatchCommand(command.CommandText);
        foreach (NpgsqlParameter parameter in command.Parameters)
        {
            batchCommand.Parameters.Add(parameter.Clone());
        }

        command.Dispose();
        return batchCommand;
    }

    private NpgsqlCommand AppendCommand(PreparedAppend append, string metadataJson, DateTimeOffset now)
    {
        var cmd = new NpgsqlCommand(_store.Sql("SELECT seq, version, hash FROM {schema}.append_events(@s, @st, @ev, @types, @data, @meta, @ts)"), Connection);
        cmd.Parameters.AddWithValue("s", append.StreamId);
        cmd.Parameters.AddWithValue("st", append.StreamType);
        cmd.Parameters.AddWithValue("ev", append.ExpectedVersion);
        cmd.Parameters.AddWithValue("types", append.Types);
        cmd.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = append.Events.Select(e => JsonSerializer.Serialize(e, e.GetType(), _store.Json)).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("meta", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = Enumerable.Repeat(metadataJson, append.Events.Length).ToArray() });
        cmd.Parameters.AddWithValue("ts", now);
        return cmd;
    }

    private async Task<List<StoredEvent>> ReadAppended(NpgsqlDataReader reader, PreparedAppend append, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new List<StoredEvent>(append.Events.Length);
        var i = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new StoredEvent(reader.GetInt64(0), append.StreamId, reader.GetInt64(1), append.Types[i], append.Events[i], Metadata, now, Convert.ToHexStringLower((byte[])reader[2])));
            i++;
        }

        return result;
    }

    private NpgsqlCommand OutboxCommand(DateTimeOffset now)
    {
        var cmd = new NpgsqlCommand(_store.Sql("""
            WITH written AS (
                INSERT INTO {schema}.outbox (message_id, stream_id, message_type, body, headers, created_at)
                SELECT m, s, t, b, @h::jsonb, @ts FROM unnest(@m, @s, @t, @b) AS x(m, s, t, b)
                RETURNING 1)
            SELECT pg_notify(@channel, '') FROM (SELECT 1 FROM written LIMIT 1) w
            """), Connection);
        cmd.Parameters.AddWithValue("m", _outbox.Select(o => o.MessageId).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = _outbox.Select(o => (object?)o.StreamId ?? DBNull.Value).ToArray() });
        cmd.Parameters.AddWithValue("t", _outbox.Select(o => o.MessageType).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("b", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = _outbox.Select(o => o.Body).ToArray() });
        cmd.Parameters.AddWithValue("h", JsonSerializer.Serialize(Metadata, _store.Json));
        cmd.Parameters.AddWithValue("ts", now);
        cmd.Parameters.AddWithValue("channel", OutboxChannel(_store.Schema));
        return cmd;
    }

    /// <summary>The LISTEN channel the relay wakes on; NOTIFY is delivered only when the transaction commits.</summary>
    public static string OutboxChannel(string schema) => $"{schema}_outbox";

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_completed && _transaction is not null)
        {
            try
            {
                await _transaction.RollbackAsync();
            }
            catch (InvalidOperationException)
            {
                // Already rolled back by a failed command.
            }
            catch (NpgsqlException)
            {
                // The connection broke: nothing was committed, and the connection is discarded below.
            }
        }

        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await Connection.DisposeAsync();
        _completed = true;
    }

    private sealed record OutboxMessage(Guid MessageId, string? StreamId, string MessageType, string Body);

    private sealed record PreparedAppend(string StreamId, string StreamType, long ExpectedVersion, object[] Events, string[] Types);
}
