using System.Collections.Concurrent;
using System.Text.Json;
using IpExchange.EventStore;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IpExchange.Messaging;

/// <summary>
/// Publishes the outbox to RabbitMQ with publisher confirms, then deletes what the broker confirmed.
///
/// Why this design neither skips nor stalls. Marten's async daemon reads the event log by a
/// high-water mark over the global sequence: a transaction holding a lower sequence that commits
/// after a higher one is skipped if the reader moves on, and a sequence burnt by a rollback leaves a
/// gap the reader must wait on (Marten waits, then gives up and skips). This relay keeps no
/// high-water mark. The outbox is a work table: a row exists exactly when a committed message has
/// not been confirmed, and every pass reads all such rows in id order. A late-committing
/// transaction's rows are simply there on the next pass (nothing is skipped), and a burnt id is a
/// row that never exists, so there is nothing to wait for (nothing stalls).
///
/// Order per stream: appends to one stream are serialised by its stream row, so a later append's
/// rows get later ids and are committed later; publishing each stream's rows one after another in
/// id order, awaiting each confirm, keeps that order on the broker. Different streams go in parallel.
///
/// One relay per schema at a time: a session-level advisory lock elects it, so replicas of a
/// service do not publish the same rows concurrently. A crash between confirm and delete publishes
/// a message again with the same MessageId, which the consumers' inbox absorbs.
/// </summary>
public sealed partial class OutboxRelay(
    EventStore.EventStore store,
    IBus bus,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly OutboxRelayOptions _options = options.Value.Outbox;
    private readonly ConcurrentDictionary<string, Type?> _types = new(StringComparer.Ordinal);

    public bool IsLeader { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var leader = await store.DataSource.OpenConnectionAsync(stoppingToken);
                await using (var lockCmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('ipx-outbox:' || @s))", leader))
                {
                    lockCmd.Parameters.AddWithValue("s", store.Schema);
                    IsLeader = (bool)(await lockCmd.ExecuteScalarAsync(stoppingToken))!;
                }

                if (!IsLeader)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                    continue;
                }

                await using (var listen = new NpgsqlCommand($"LISTEN \"{EventSession.OutboxChannel(store.Schema)}\"", leader))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        var result = await PublishPending(stoppingToken);
                        if (result.Remaining)
                        {
                            continue;
                        }

                        // Woken by the NOTIFY of a committing append, or by the poll (also for back-offs).
                        await leader.WaitAsync(TimeSpan.FromMilliseconds(_options.PollIntervalMs), stoppingToken);
                    }
                }
                finally
                {
                    IsLeader = false;
                    await Resign(leader);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                IsLeader = false;
                LogRelayInterrupted(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }

        IsLeader = false;
    }

    /// <summary>
    /// Gives the leadership back at once when this relay stops leading (an error, a shutdown). The
    /// lock is the session's, and disposing only returns the connection to the pool, where it would
    /// keep the lock until the connection is reused or closed; another replica then waits longer.
    /// </summary>
    private async Task Resign(NpgsqlConnection leader)
    {
        if (leader.State != System.Data.ConnectionState.Open)
        {
            return; // a broken connection's session is gone, and its lock with it
        }

        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('ipx-outbox:' || @s))", leader);
            unlock.Parameters.AddWithValue("s", store.Schema);
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogRelayInterrupted(logger, e); // the connection broke meanwhile: the server released the lock
        }
    }

    /// <summary>
    /// One pass over the outbox: publishes what is due, deletes what the broker confirmed, backs off
    /// what failed. Public so that tests and the benchmark can drive the relay step by step.
    /// </summary>
    public async Task<RelayPass> PublishPending(CancellationToken cancellationToken)
    {
        var rows = await ReadBatch(cancellationToken);
        if (rows.Count == 0)
        {
            return new RelayPass(0, 0, false);
        }

        var now = store.Now();
        var published = new ConcurrentBag<long>();
        var failures = new ConcurrentBag<(long Id, string Error)>();
        var streams = rows.GroupBy(r => r.StreamId ?? r.MessageId.ToString()).ToList();
        await Parallel.ForEachAsync(
            streams,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken },
            async (stream, ct) =>
            {
                foreach (var row in stream)
                {
                    try
                    {
                        await Publish(row, ct);
                        published.Add(row.Id);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        failures.Add((row.Id, e.Message));
                        return;
                    }
                }
            });

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        if (!published.IsEmpty)
        {
            await using var delete = new NpgsqlCommand(store.Sql("DELETE FROM {schema}.outbox WHERE id = ANY(@ids)"), connection);
            delete.Parameters.AddWithValue("ids", published.ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (id, error) in failures)
        {
            await using var backoff = new NpgsqlCommand(store.Sql("""
                UPDATE {schema}.outbox SET attempts = attempts + 1, last_error = @err,
                       next_attempt_at = @now + make_interval(secs => least(@max, power(2, attempts)))
                WHERE id = @id
                """), connection);
            backoff.Parameters.AddWithValue("id", id);
            backoff.Parameters.AddWithValue("err", error);
            backoff.Parameters.AddWithValue("now", now);
            backoff.Parameters.AddWithValue("max", (double)_options.MaxBackoffSeconds);
            await backoff.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!failures.IsEmpty)
        {
            LogPublishFailed(logger, failures.Count, failures.First().Error);
        }

        return new RelayPass(published.Count, failures.Count, rows.Count == _options.BatchSize && failures.IsEmpty);
    }

    /// <summary>The batch read when no stream is held (public for the benchmark's timing and EXPLAIN).</summary>
    public const string BatchReadSql =
        "SELECT id, message_id, stream_id, message_type, body::text, headers::text FROM {schema}.outbox ORDER BY id LIMIT @n";

    private const string HeldBatchReadSql = """
        SELECT id, message_id, stream_id, message_type, body::text, headers::text FROM {schema}.outbox
        WHERE coalesce(stream_id, message_id::text) <> ALL(@held) ORDER BY id LIMIT @n
        """;

    private async Task<List<OutboxRow>> ReadBatch(CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        // Streams held by a back-off are left out, so a stuck stream cannot fill every batch. They
        // are read first (rare rows, a partial index), and the batch itself is then a scan of the
        // primary key in id order: a plan that stays cheap whatever the table's statistics say. (A
        // correlated NOT EXISTS here degraded to sorting the whole backlog on every pass when the
        // planner had only seen the table empty; the benchmark measured it.)
        var held = new List<string>();
        await using (var blocked = new NpgsqlCommand(store.Sql(
            "SELECT DISTINCT coalesce(stream_id, message_id::text) FROM {schema}.outbox WHERE next_attempt_at > @now"), connection))
        {
            blocked.Parameters.AddWithValue("now", store.Now());
            await using var reader = await blocked.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                held.Add(reader.GetString(0));
            }
        }

        await using var cmd = new NpgsqlCommand(store.Sql(held.Count == 0 ? BatchReadSql : HeldBatchReadSql), connection);
        cmd.Parameters.AddWithValue("n", _options.BatchSize);
        cmd.Parameters.AddWithValue("held", held.ToArray());
        var rows = new List<OutboxRow>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new OutboxRow(
                    reader.GetInt64(0),
                    reader.GetGuid(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5)));
            }
        }

        return rows;
    }

    private async Task Publish(OutboxRow row, CancellationToken cancellationToken)
    {
        var type = _types.GetOrAdd(row.MessageType, static name => Type.GetType(name, throwOnError: false))
                   ?? throw new InvalidOperationException($"Message type '{row.MessageType}' is not known to this service.");
        var message = JsonSerializer.Deserialize(row.Body, type, store.Json)
                      ?? throw new InvalidOperationException($"Outbox message {row.MessageId} has an empty body.");
        var metadata = JsonSerializer.Deserialize<EventMetadata>(row.Headers, store.Json)!;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeoutMs);
        // With publisher confirms on (the default MessagingSetup sets it), Publish completes when
        // the broker has taken responsibility for the message.
        await bus.Publish(message, type, Pipe.Execute<PublishContext>(context =>
        {
            context.MessageId = row.MessageId;
            context.CorrelationId = metadata.CorrelationId;
            context.InitiatorId = metadata.CausationId;
            context.Durable = true;
            if (metadata.UserId is not null)
            {
                context.Headers.Set(MessageHeaders.UserId, metadata.UserId);
            }

            if (metadata.OrganisationId is not null)
            {
                context.Headers.Set(MessageHeaders.OrganisationId, metadata.OrganisationId);
            }

            if (row.StreamId is not null)
            {
                context.Headers.Set(MessageHeaders.StreamId, row.StreamId);
            }
        }), timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay interrupted; retrying")]
    private static partial void LogRelayInterrupted(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay: {Count} message(s) not published, will retry: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, int count, string error);

    private sealed record OutboxRow(long Id, Guid MessageId, string? StreamId, string MessageType, string Body, string Headers);
}

/// <summary>What one relay pass did; <c>Remaining</c> when a full batch went out and more may wait.</summary>
public sealed record RelayPass(int Published, int Failed, bool Remaining);
