using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace IpExchange.EventStore;

/// <summary>
/// The event store of one service, written on Npgsql with Marten's semantics (Marten does not
/// restore on the project's machines). Everything lives in the service's own schema.
/// </summary>
public sealed class EventStore : IAsyncDisposable
{
    private readonly EventStoreOptions _options;
    private readonly IReadOnlyList<IInlineProjection> _projections;

    public EventStore(EventStoreOptions options, EventTypeRegistry types, IEnumerable<IInlineProjection>? projections = null, TimeProvider? time = null)
    {
        if (string.IsNullOrWhiteSpace(options.Schema) || !options.Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException("The schema name must be lower-case letters, digits and underscores.", nameof(options));
        }

        _options = options;
        Types = types;
        _projections = projections?.ToArray() ?? [];
        Time = time ?? TimeProvider.System;
        DataSource = NpgsqlDataSource.Create(options.ConnectionString);
    }

    public NpgsqlDataSource DataSource { get; }
    public EventTypeRegistry Types { get; }
    public TimeProvider Time { get; }
    public string Schema => _options.Schema;
    public JsonSerializerOptions Json => _options.Json;

    /// <summary>Replaces <c>{schema}</c> with the service's quoted schema name.</summary>
    public string Sql(string template) => template.Replace("{schema}", $"\"{_options.Schema}\"", StringComparison.Ordinal);

    /// <summary>PostgreSQL keeps microseconds; the store rounds down so what it returns is what it stored.</summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }

    /// <summary>
    /// Creates the schema, the store's tables and the service's own migrations, each once.
    /// Safe to run from several replicas at once: a transaction-scoped advisory lock serialises them.
    /// </summary>
    public async Task Migrate(IEnumerable<Migration>? migrations = null, CancellationToken cancellationToken = default)
    {
        var all = new List<Migration> { StoreSchema.Core, StoreSchema.Timers, StoreSchema.HashInPlpgsql };
        all.AddRange(migrations ?? []);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('ipx-migrate:' || @schema))", cancellationToken, ("schema", Schema));
        await Execute(connection, transaction, Sql("""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            """), cancellationToken);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(Sql("SELECT id FROM {schema}.schema_migrations"), connection, transaction))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        foreach (var migration in all.Where(m => !applied.Contains(m.Id)))
        {
            await Execute(connection, transaction, Sql(migration.Sql), cancellationToken);
            await Execute(connection, transaction, Sql("INSERT INTO {schema}.schema_migrations (id) VALUES (@id)"), cancellationToken, ("id", migration.Id));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<EventSession> OpenSession(EventMetadata metadata, CancellationToken cancellationToken = default)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return new EventSession(this, connection, metadata, _projections);
    }

    /// <summary>Folds a stream outside any transaction (for queries).</summary>
    public async Task<Aggregate<TState>> Load<TState>(string streamId, CancellationToken cancellationToken = default)
        where TState : IAggregateState<TState>
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await Load<TState>(connection, null, streamId, cancellationToken);
    }

    /// <summary>The stream's current version (0 when it does not exist), without reading its events: cheap enough to poll for changes.</summary>
    public async Task<long> StreamVersion(string streamId, CancellationToken cancellationToken = default)
    {
        await using var cmd = DataSource.CreateCommand(Sql("SELECT version FROM {schema}.streams WHERE id = @id"));
        cmd.Parameters.AddWithValue("id", streamId);
        return await cmd.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    internal async Task<Aggregate<TState>> Load<TState>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamId, CancellationToken cancellationToken)
        where TState : IAggregateState<TState>
    {
        var state = TState.Initial;
        long version = 0;
        await using var cmd = new NpgsqlCommand(Sql("SELECT version, type, data::text FROM {schema}.events WHERE stream_id = @id ORDER BY version"), connection, transaction);
        cmd.Parameters.AddWithValue("id", streamId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt64(0);
            state = TState.Evolve(state, Deserialize(reader.GetString(1), reader.GetString(2)));
        }

        return new Aggregate<TState>(streamId, state, version);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStream(string streamId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await Read(connection, "stream_id = @id ORDER BY version", cancellationToken, ("id", streamId));
    }

    /// <summary>Events in global order after <paramref name="afterSequence"/>: for rebuilding read models.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAll(long afterSequence, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await Read(connection, "seq > @after ORDER BY seq LIMIT @count", cancellationToken, ("after", afterSequence), ("count", count));
    }

    /// <summary>
    /// Recomputes the stream's hash chain from its stored rows. Reports the first event whose hash does
    /// not match its content and its predecessor's hash, a missing version, or a removed tail.
    /// </summary>
    public async Task<ChainVerification> VerifyStream(string streamId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(Sql("""
            SELECT seq, version, hash,
                   {schema}.event_hash(lag(hash) OVER (ORDER BY version), stream_id, version, type, data, metadata, created_at)
            FROM {schema}.events WHERE stream_id = @id ORDER BY version
            """), connection);
        cmd.Parameters.AddWithValue("id", streamId);
        long checkedCount = 0;
        byte[]? last = null;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var seq = reader.GetInt64(0);
                var version = reader.GetInt64(1);
                var stored = (byte[])reader[2];
                var expected = (byte[])reader[3];
                if (version != checkedCount + 1)
                {
                    return ChainVerification.Broken(streamId, checkedCount, checkedCount + 1, null, $"version {checkedCount + 1} is missing");
                }

                if (!stored.AsSpan().SequenceEqual(expected))
                {
                    return ChainVerification.Broken(streamId, checkedCount, version, seq, "the event's hash does not match its content and its predecessor");
                }

                checkedCount++;
                last = stored;
            }
        }

        await using var head = new NpgsqlCommand(Sql("SELECT version, head_hash FROM {schema}.streams WHERE id = @id"), connection);
        head.Parameters.AddWithValue("id", streamId);
        await using var headReader = await head.ExecuteReaderAsync(cancellationToken);
        if (await headReader.ReadAsync(cancellationToken))
        {
            var headVersion = headReader.GetInt64(0);
            var headHash = headReader.IsDBNull(1) ? null : (byte[])headReader[1];
            if (headVersion != checkedCount || !(headHash ?? []).AsSpan().SequenceEqual(last ?? []))
            {
                return ChainVerification.Broken(streamId, checkedCount, checkedCount + 1, null, $"the stream's head is version {headVersion} but the chain ends at {checkedCount}");
            }
        }
        else if (checkedCount > 0)
        {
            return ChainVerification.Broken(streamId, checkedCount, 1, null, "the stream's head row is missing");
        }

        return ChainVerification.Intact(streamId, checkedCount, last is null ? null : Convert.ToHexStringLower(last));
    }

    internal object Deserialize(string type, string json) =>
        JsonSerializer.Deserialize(json, Types.TypeOf(type), _options.Json)
        ?? throw new InvalidOperationException($"Event of type '{type}' deserialised to null.");

    private async Task<IReadOnlyList<StoredEvent>> Read(NpgsqlConnection connection, string where, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(Sql($"SELECT seq, stream_id, version, type, data::text, metadata::text, created_at, hash FROM {{schema}}.events WHERE {where}"), connection);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        var events = new List<StoredEvent>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = reader.GetString(3);
            events.Add(new StoredEvent(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                type,
                Deserialize(type, reader.GetString(4)),
                JsonSerializer.Deserialize<EventMetadata>(reader.GetString(5), _options.Json)!,
                reader.GetFieldValue<DateTimeOffset>(6),
                Convert.ToHexStringLower((byte[])reader[7])));
        }

        return events;
    }

    internal static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    internal static long ParseVersion(string? detail) =>
        long.TryParse(detail, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
}

public sealed record ChainVerification(string StreamId, bool IsIntact, long EventsChecked, long? BrokenAtVersion, long? BrokenAtSequence, string? Reason, string? HeadHash)
{
    public static ChainVerification Intact(string streamId, long count, string? headHash) => new(streamId, true, count, null, null, null, headHash);

    public static ChainVerification Broken(string streamId, long count, long version, long? sequence, string reason) =>
        new(streamId, false, count, version, sequence, reason, null);
}
