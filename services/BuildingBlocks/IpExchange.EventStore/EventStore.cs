using System.Text.Json;
using Dapper;
using Marten;
using Npgsql;

namespace IpExchange.EventStore;

/// <summary>
/// A service's event store: Marten in the service's own schema, with the project's outbox, inbox,
/// timers and hash chain in the same database and the same transactions.
/// </summary>
public sealed class EventStore : IAsyncDisposable
{
    private readonly IReadOnlyList<Migration> _migrations;

    internal EventStore(IDocumentStore marten, NpgsqlDataSource dataSource, string schema, IReadOnlyList<Migration> migrations,
        IIntegrationEvents? integrationEvents, TimeProvider? time)
    {
        Marten = marten;
        DataSource = dataSource;
        Schema = schema;
        _migrations = migrations;
        IntegrationEvents = integrationEvents;
        Time = time ?? TimeProvider.System;
    }

    public IDocumentStore Marten { get; }
    public NpgsqlDataSource DataSource { get; }
    public string Schema { get; }
    public TimeProvider Time { get; }
    public JsonSerializerOptions Json { get; } = StoreJson.Options;
    internal IIntegrationEvents? IntegrationEvents { get; }

    /// <summary>Wakes this process's relay when it leads for the schema (else a NOTIFY does).</summary>
    public OutboxDoorbell Doorbell { get; } = new();

    /// <summary>Created outside dependency injection: disposing closes Marten and the data source.</summary>
    internal bool OwnsConnections { get; init; }

    public async ValueTask DisposeAsync()
    {
        Doorbell.Dispose();
        if (OwnsConnections)
        {
            Marten.Dispose();
            await DataSource.DisposeAsync();
        }
    }

    /// <summary>Replaces <c>{schema}</c> with the service's quoted schema name.</summary>
    public string Sql(string template) => template.Replace("{schema}", $"\"{Schema}\"", StringComparison.Ordinal);

    /// <summary>PostgreSQL keeps microseconds; the store rounds down so what it returns is what it stored.</summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }

    /// <summary>
    /// Brings the schema up to date: Marten's tables, then the outbox, inbox, timers and hash chain,
    /// then the service's own migrations, each once. Safe from several replicas at once (an advisory
    /// lock). A schema written by the hand-made store of earlier versions is refused with
    /// <see cref="PreviousStoreException"/>: its events are not in Marten's tables.
    /// </summary>
    public async Task Migrate(CancellationToken cancellationToken = default)
    {
        // One migrator per schema at a time, Marten's part included: replicas starting together
        // otherwise both see an index missing and the second CREATE INDEX fails (42P07).
        await using var guard = await DataSource.OpenConnectionAsync(cancellationToken);
        await guard.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtext('ipx-migrate:' || @schema))", new { schema = Schema }, cancellationToken: cancellationToken));
        try
        {
            if (await guard.ExecuteScalarAsync<bool>(new CommandDefinition(StoreTables.PreviousStoreProbe, new { schema = Schema }, cancellationToken: cancellationToken)))
            {
                throw new PreviousStoreException(Schema);
            }

            await Marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

            await using var transaction = await guard.BeginTransactionAsync(cancellationToken);
            await guard.ExecuteAsync(new CommandDefinition(Sql(StoreTables.Sql), transaction: transaction, cancellationToken: cancellationToken));
            var applied = (await guard.QueryAsync<string>(new CommandDefinition(Sql("SELECT id FROM {schema}.schema_migrations"), transaction: transaction, cancellationToken: cancellationToken)))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var migration in _migrations.Where(m => !applied.Contains(m.Id)))
            {
                await guard.ExecuteAsync(new CommandDefinition(Sql(migration.Sql), transaction: transaction, cancellationToken: cancellationToken));
                await guard.ExecuteAsync(new CommandDefinition(Sql("INSERT INTO {schema}.schema_migrations (id) VALUES (@id)"), new { id = migration.Id }, transaction, cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await guard.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtext('ipx-migrate:' || @schema))", new { schema = Schema }, cancellationToken: CancellationToken.None));
        }
    }

    public Task<EventSession> OpenSession(EventMetadata metadata, CancellationToken cancellationToken = default) =>
        Task.FromResult(new EventSession(this, Marten.LightweightSession(), metadata));

    /// <summary>Folds a stream for a query (no write intended): its state and version.</summary>
    public async Task<Aggregate<TState>> Load<TState>(string streamId, CancellationToken cancellationToken = default)
        where TState : IAggregateState<TState>
    {
        await using var session = Marten.QuerySession();
        var folded = await session.Events.AggregateStreamAsync<Folded<TState>>(streamId, token: cancellationToken);
        return folded is null ? new Aggregate<TState>(streamId, TState.Initial, 0) : new Aggregate<TState>(streamId, folded.State, folded.Version);
    }

    /// <summary>The stream's current version (0 when it does not exist), without reading its events: cheap enough to poll.</summary>
    public async Task<long> StreamVersion(string streamId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(Sql("SELECT version FROM {schema}.mt_streams WHERE id = @streamId"), new { streamId }, cancellationToken: cancellationToken)) ?? 0;
    }

    /// <summary>The outbox's depth and oldest age, and the timers past due: for the gauges and the readiness check.</summary>
    public async Task<StoreBacklog> ReadBacklogAsync(CancellationToken cancellationToken = default)
    {
        var now = Now();
        await using var command = BacklogCommand(now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Backlog(reader, now);
    }

    /// <summary>As <see cref="ReadBacklogAsync"/>, synchronously (observable gauges' callbacks are).</summary>
    public StoreBacklog ReadBacklog()
    {
        var now = Now();
        using var command = BacklogCommand(now);
        command.CommandTimeout = 2;
        using var reader = command.ExecuteReader();
        reader.Read();
        return Backlog(reader, now);
    }

    private NpgsqlCommand BacklogCommand(DateTimeOffset now)
    {
        var command = DataSource.CreateCommand(Sql("""
            SELECT (SELECT count(*) FROM {schema}.outbox), (SELECT min(created_at) FROM {schema}.outbox),
                   (SELECT count(*) FROM {schema}.timers WHERE due_at <= $1), (SELECT min(due_at) FROM {schema}.timers WHERE due_at <= $1)
            """));
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return command;
    }

    private static StoreBacklog Backlog(NpgsqlDataReader reader, DateTimeOffset now)
    {
        static double Age(NpgsqlDataReader reader, int column, DateTimeOffset now) =>
            reader.IsDBNull(column) ? 0 : Math.Max(0, (now - reader.GetFieldValue<DateTimeOffset>(column)).TotalSeconds);

        return new StoreBacklog(reader.GetInt64(0), Age(reader, 1, now), reader.GetInt64(2), Age(reader, 3, now));
    }

    /// <summary>A stream's events as stored, with their hash-chain links, in version order.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadStream(string streamId, CancellationToken cancellationToken = default)
    {
        await using var session = Marten.QuerySession();
        var events = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var hashes = (await connection.QueryAsync<(long Seq, byte[] Hash)>(new CommandDefinition(
                Sql("SELECT seq_id, hash FROM {schema}.event_hashes WHERE stream_id = @streamId"), new { streamId }, cancellationToken: cancellationToken)))
            .ToDictionary(h => h.Seq, h => Convert.ToHexStringLower(h.Hash));
        return events.Select(e => new StoredEvent(
                e.Sequence, streamId, e.Version, e.EventTypeName, e.Data,
                EventMetadata.FromStored(e.CorrelationId, e.CausationId, e.UserName, e.GetHeader(EventMetadata.OrganisationHeader)),
                e.Timestamp, hashes.GetValueOrDefault(e.Sequence, "")))
            .ToList();
    }

    /// <summary>
    /// Recomputes the stream's hash chain from the stored rows: reports the first event whose link
    /// does not match its content and its predecessor's link, a missing version or link, or a
    /// stream row whose version is not where the chain ends.
    /// </summary>
    public Task<ChainVerification> VerifyStream(string streamId, CancellationToken cancellationToken = default) =>
        HashChain.Verify(this, streamId, cancellationToken);
}

/// <summary>The schema holds the events of the hand-written store of earlier versions: it must be reset.</summary>
public sealed class PreviousStoreException : Exception
{
    public PreviousStoreException(string schema)
        : base($"The database schema '{schema}' was made by an earlier version of IpExchange (its events are not in Marten's tables). Reset the database: bash deploy/run.sh reset") =>
        Schema = schema;

    public PreviousStoreException() : this("") { }

    public PreviousStoreException(string message, Exception innerException) : base(message, innerException) => Schema = "";

    public string Schema { get; }
}
