using System.Text.Json;
using IpExchange.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace IpExchange.EventStore;

/// <summary>
/// One unit of work on Marten's <see cref="IDocumentSession"/>: loads and appends, the outbox rows
/// of the integration events, inbox marks and timers commit together or not at all. Disposing
/// without SaveChanges commits nothing.
/// </summary>
public sealed partial class EventSession : IAsyncDisposable
{
    private readonly EventStore _store;
    private readonly List<(string StreamId, long ExpectedBefore)> _expectations = [];
    private readonly List<string> _outboxed = [];
    private bool _outboxWritten;
    private bool _ringAfterCommit;
    private bool _transactionBegun;

    internal EventSession(EventStore store, IDocumentSession marten, EventMetadata metadata)
    {
        _store = store;
        Marten = marten;
        Metadata = metadata;
        marten.CorrelationId = metadata.CorrelationId.ToString("D");
        marten.CausationId = metadata.CausationId?.ToString("D");
        marten.LastModifiedBy = metadata.UserId;
        if (metadata.OrganisationId is not null)
        {
            marten.SetHeader(EventMetadata.OrganisationHeader, metadata.OrganisationId);
        }
    }

    /// <summary>Marten's session, for its projections' documents and queries in this unit of work.</summary>
    public IDocumentSession Marten { get; }

    public EventMetadata Metadata { get; }

    /// <summary>
    /// Folds the stream and registers it for writing at the version read: an append through the
    /// returned aggregate fails with <see cref="ConcurrencyException"/> if another writer got there
    /// first. A stream that does not exist yet comes back at version 0 with the initial state.
    /// </summary>
    public async Task<Aggregate<TState>> Load<TState>(string streamId, CancellationToken cancellationToken = default)
        where TState : IAggregateState<TState> =>
        ToAggregate(streamId, await Translate(() => Marten.Events.FetchForWriting<Folded<TState>>(streamId, cancellationToken), streamId, null));

    /// <summary>
    /// As <see cref="Load{TState}(string, CancellationToken)"/>, but the stream must be at
    /// <paramref name="expectedVersion"/> (an If-Match): otherwise <see cref="ConcurrencyException"/>.
    /// </summary>
    public async Task<Aggregate<TState>> Load<TState>(string streamId, long expectedVersion, CancellationToken cancellationToken = default)
        where TState : IAggregateState<TState> =>
        ToAggregate(streamId, await Translate(() => Marten.Events.FetchForWriting<Folded<TState>>(streamId, expectedVersion, cancellationToken), streamId, expectedVersion));

    /// <summary>
    /// For a hot stream (bids in an auction's last seconds): waits for the stream's row lock, so
    /// writers queue up instead of losing optimistic races and retrying. Holds the lock until commit.
    /// </summary>
    public async Task<Aggregate<TState>> LoadExclusive<TState>(string streamId, CancellationToken cancellationToken = default)
        where TState : IAggregateState<TState>
    {
        _transactionBegun = true;
        return ToAggregate(streamId, await Translate(() => Marten.Events.FetchForExclusiveWriting<Folded<TState>>(streamId, cancellationToken), streamId, null));
    }

    /// <summary>
    /// Appends events to a loaded aggregate's stream, and the integration events they announce to
    /// the outbox. Returns the aggregate as it is once they are committed.
    /// </summary>
    public Aggregate<TState> Append<TState>(Aggregate<TState> aggregate, params IReadOnlyList<object> events)
        where TState : IAggregateState<TState>
    {
        if (events.Count == 0)
        {
            return aggregate;
        }

        if (aggregate.Stream is { } stream)
        {
            stream.AppendMany(events);
        }
        else
        {
            AppendChecked(aggregate.StreamId, aggregate.Version, events);
        }

        var state = aggregate.State;
        var version = aggregate.Version;
        foreach (var @event in events)
        {
            state = TState.Evolve(state, @event);
            Announce(aggregate.StreamId, ++version, @event, state);
        }

        return aggregate with { State = state, Version = version };
    }

    /// <summary>
    /// Appends to a stream without folding it: <see cref="ExpectedVersion.NoStream"/> starts it (a
    /// second start is a <see cref="ConcurrencyException"/>), <see cref="ExpectedVersion.Any"/>
    /// appends whatever its version, a version checks that the stream is at it.
    /// </summary>
    public void Append(string streamId, long expectedVersion, params IReadOnlyList<object> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        if (events.Count == 0)
        {
            return;
        }

        switch (expectedVersion)
        {
            case ExpectedVersion.NoStream:
                Marten.Events.StartStream(streamId, events);
                _expectations.Add((streamId, 0));
                break;
            case ExpectedVersion.Any:
                Marten.Events.Append(streamId, events);
                break;
            default:
                AppendChecked(streamId, expectedVersion, events);
                break;
        }

        // The versions are known unless the append takes whatever the stream's version is.
        var version = expectedVersion >= 0 ? expectedVersion : (long?)null;
        foreach (var @event in events)
        {
            version++;
            Announce(streamId, version, @event, null);
        }
    }

    /// <summary>
    /// Queues an integration message for the outbox, committed with this session. Prefer the
    /// service's <see cref="IIntegrationEvents"/> map: this is for messages no event of this
    /// service's own stands behind (an answer to a message about something it does not hold).
    /// </summary>
    public void Publish(object message, string? streamId = null, Guid? messageId = null)
    {
        var type = message.GetType();
        var trace = TraceContext.Current();
        Marten.QueueSqlCommand(
            _store.Sql("INSERT INTO {schema}.outbox (message_id, stream_id, message_type, body, headers, created_at, trace_parent, trace_state) VALUES (?, ?::text, ?, ?::jsonb, ?::jsonb, ?, ?::text, ?::text)"),
            messageId ?? Guid.NewGuid(),
            (object?)streamId ?? DBNull.Value,
            $"{type.FullName}, {type.Assembly.GetName().Name}",
            JsonSerializer.Serialize(message, type, StoreJson.Options),
            JsonSerializer.Serialize(Metadata, StoreJson.Options),
            _store.Now(),
            (object?)trace.Parent ?? DBNull.Value,
            (object?)trace.State ?? DBNull.Value);
        _outboxed.Add(type.Name);
        if (!_outboxWritten)
        {
            _outboxWritten = true;
            // The relay leading here is rung in memory after the commit (OutboxDoorbell says why
            // not NOTIFY then). Otherwise NOTIFY, delivered at commit only, wakes a relay elsewhere
            // for exactly what committed. A statement, not SELECT pg_notify(): Marten reads its
            // batch's result sets by position and skips queued SQL, so a SELECT's result set would be
            // read by the next operation that expects one (an inline projection's document upsert
            // then fails on a void column). The channel is the validated schema name, safe to quote.
            _ringAfterCommit = _store.Doorbell.Answered;
            if (!_ringAfterCommit)
            {
                Marten.QueueSqlCommand($"NOTIFY \"{OutboxChannel(_store.Schema)}\"");
            }
        }
    }

    /// <summary>
    /// True the first time <paramref name="consumer"/> sees <paramref name="messageId"/>: the mark is
    /// then written with this session's changes. False when a committed mark exists: the caller does
    /// nothing. Two deliveries handled at once both see true; the second commit then fails on the
    /// mark's key with <see cref="DuplicateDeliveryException"/>, and its effects roll back with it.
    /// </summary>
    public async Task<bool> TryMarkHandled(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var cmd = _store.DataSource.CreateCommand(_store.Sql("SELECT EXISTS (SELECT 1 FROM {schema}.inbox WHERE consumer = $1 AND message_id = $2)"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = consumer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = messageId });
        if ((bool)(await cmd.ExecuteScalarAsync(cancellationToken))!)
        {
            return false;
        }

        Marten.QueueSqlCommand(_store.Sql("INSERT INTO {schema}.inbox (consumer, message_id, handled_at) VALUES (?, ?, ?)"), consumer, messageId, _store.Now());
        return true;
    }

    /// <summary>Schedules (or moves) a durable timer, committed with this session.</summary>
    public Task ScheduleTimer(string kind, string key, DateTimeOffset dueAt, object? payload = null, CancellationToken cancellationToken = default)
    {
        var trace = TraceContext.Current();
        Marten.QueueSqlCommand(_store.Sql("""
            INSERT INTO {schema}.timers (kind, key, due_at, payload, trace_parent, trace_state) VALUES (?, ?, ?, ?::jsonb, ?::text, ?::text)
            ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload, attempts = 0, last_error = NULL,
                trace_parent = excluded.trace_parent, trace_state = excluded.trace_state
            """), kind, key, dueAt.ToUniversalTime(), payload is null ? "{}" : JsonSerializer.Serialize(payload, StoreJson.Options),
            (object?)trace.Parent ?? DBNull.Value, (object?)trace.State ?? DBNull.Value);
        return Task.CompletedTask;
    }

    public Task CancelTimer(string kind, string key, CancellationToken cancellationToken = default)
    {
        Marten.QueueSqlCommand(_store.Sql("DELETE FROM {schema}.timers WHERE kind = ? AND key = ?"), kind, key);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The session's connection inside its transaction (begun here if not yet), for reads that must
    /// see or lock rows in this unit of work (e.g. <c>FOR UPDATE SKIP LOCKED</c>). Plain queries
    /// use Marten's LINQ or the store's data source instead.
    /// </summary>
    public async Task<NpgsqlConnection> Connection(CancellationToken cancellationToken = default)
    {
        await Marten.BeginTransactionAsync(cancellationToken);
        _transactionBegun = true;
        return Marten.Connection ?? throw new InvalidOperationException("Marten opened no connection for the session's transaction.");
    }

    /// <summary>
    /// Appends, runs the inline projections, writes outbox, inbox and timers, and commits: one
    /// transaction. Throws <see cref="ConcurrencyException"/> when a stream moved on, and
    /// <see cref="DuplicateDeliveryException"/> when another delivery of a message marked here
    /// committed first; nothing is committed then.
    /// </summary>
    public async Task SaveChanges(CancellationToken cancellationToken = default)
    {
        if (_transactionBegun && !Marten.PendingChanges.Operations().Any() && !Marten.PendingChanges.Streams().Any())
        {
            // Marten commits only when it has work; a unit of work that only read under a lock (a
            // timer claimed, then nothing to do) still has to commit what it did on the connection.
            Marten.QueueSqlCommand("SELECT 1");
        }

        // Read before the commit: Marten clears its pending changes once they are saved.
        var appended = StoreMetrics.Enabled ? Marten.PendingChanges.Streams().SelectMany(s => s.Events).Select(e => e.Data.GetType().Name).ToList() : null;
        await Translate(async () =>
        {
            await Marten.SaveChangesAsync(cancellationToken);
            return true;
        }, _expectations.Count == 1 ? _expectations[0].StreamId : null, _expectations.Count == 1 ? _expectations[0].ExpectedBefore : null);
        StoreMetrics.Committed(appended, _outboxed);
        _outboxed.Clear();
        if (_ringAfterCommit)
        {
            _store.Doorbell.Ring();
        }

        // Marten forgets what it saved, NOTIFY included: a further unit of work on this session queues its own.
        _outboxWritten = false;
        _ringAfterCommit = false;
    }

    /// <summary>The LISTEN channel the relay wakes on.</summary>
    public static string OutboxChannel(string schema) => $"{schema}_outbox";

    public ValueTask DisposeAsync() => Marten.DisposeAsync();

    private void AppendChecked(string streamId, long expectedBefore, IReadOnlyList<object> events)
    {
        // Marten's expected version is the stream's version after the append; ours is the version before.
        Marten.Events.Append(streamId, expectedBefore + events.Count, events);
        _expectations.Add((streamId, expectedBefore));
    }

    private void Announce(string streamId, long? version, object @event, object? state)
    {
        if (_store.IntegrationEvents is not { } map)
        {
            return;
        }

        foreach (var message in map.For(new AppendedEvent(streamId, version ?? 0, @event, state, Metadata, _store.Now())))
        {
            Publish(message, streamId);
        }
    }

    private Aggregate<TState> ToAggregate<TState>(string streamId, IEventStream<Folded<TState>> stream)
        where TState : IAggregateState<TState>
    {
        _expectations.Add((streamId, stream.CurrentVersion ?? 0));
        return new Aggregate<TState>(streamId, stream.Aggregate is null ? TState.Initial : stream.Aggregate.State, stream.CurrentVersion ?? 0) { Stream = stream };
    }

    private async Task<T> Translate<T>(Func<Task<T>> action, string? streamId, long? expected)
    {
        try
        {
            return await action();
        }
        catch (JasperFx.ConcurrencyException e)
        {
            throw new ServiceDefaults.ConcurrencyException(streamId ?? StreamOf(e), expected ?? -1, ActualVersion(e), e);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException e)
        {
            // Started by another writer meanwhile: say where it is now (read only on this failure path).
            var id = e.Id?.ToString() ?? streamId ?? "";
            throw new ServiceDefaults.ConcurrencyException(id, ExpectedVersion.NoStream, await _store.StreamVersion(id), e);
        }
        catch (Exception e) when (DuplicateDeliveryException.IsInboxConflict(e))
        {
            throw new DuplicateDeliveryException(e);
        }
    }

    private static string StreamOf(JasperFx.ConcurrencyException e) => e.Id?.ToString() ?? "";

    /// <summary>Marten names the version it found only in its message ("… but was 3").</summary>
    private static long? ActualVersion(JasperFx.ConcurrencyException e)
    {
        var match = WasVersion().Match(e.Message);
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:but was|was) (\d+)")]
    private static partial System.Text.RegularExpressions.Regex WasVersion();
}

/// <summary>Another delivery of the same message was handled and committed first: this one has nothing left to do.</summary>
public sealed class DuplicateDeliveryException : Exception
{
    public DuplicateDeliveryException() : base("The message was handled by another delivery.") { }

    public DuplicateDeliveryException(Exception innerException) : base("The message was handled by another delivery.", innerException) { }

    public DuplicateDeliveryException(string message, Exception innerException) : base(message, innerException) { }

    internal static bool IsInboxConflict(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "inbox_pkey" })
            {
                return true;
            }
        }

        return false;
    }
}
