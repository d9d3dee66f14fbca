using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using IpExchange.EventStore;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Dapper;
using Npgsql;

namespace IpExchange.Messaging;

/// <summary>
/// Publishes the outbox to RabbitMQ with publisher confirms, then deletes what the broker confirmed.
///
/// Why this design neither skips nor stalls. A reader of the event log by a high-water mark over
/// the global sequence (Marten's async daemon, a subscription) must wait on a sequence number a
/// rolled-back append burnt, and can step over a transaction that commits late with a lower
/// number. This relay keeps no high-water mark: the outbox is a work table, a row exists exactly
/// when a committed message has not been confirmed, and every pass reads such rows in id order. A
/// late commit's rows are simply there on the next pass, and a burnt id is a row that never exists.
///
/// No order is promised, and none is paid for: every consumer runs several messages at once and
/// several replicas share a queue, so two messages of one stream can be handled in either order
/// whatever order they were published in. Consumers are written for that (each README says how),
/// and the relay publishes a batch in parallel. A message that fails backs off alone: it holds up
/// nothing else.
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

    private long _heartbeat = Stopwatch.GetTimestamp();

    public bool IsLeader { get; private set; }

    /// <summary>Whether the relay runs at all (<c>Messaging:Outbox:Enabled</c>).</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>
    /// Time since the relay last showed life: a lock attempt as a follower, a wait or a pass as the
    /// leader, any publish finishing. A relay stuck longer than a publish timeout or two is not working.
    /// </summary>
    public TimeSpan SinceHeartbeat => Stopwatch.GetElapsedTime(Interlocked.Read(ref _heartbeat));

    /// <summary>False once the relay's loop has ended (stopped or crashed).</summary>
    public bool Running => ExecuteTask is { IsCompleted: false };

    private void Beat() => Interlocked.Exchange(ref _heartbeat, Stopwatch.GetTimestamp());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            Beat();
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

                // This process's commits ring the bell in memory from now on; other processes' commits
                // NOTIFY, and the listener turns each notification into a ring.
                var doorbell = store.Doorbell;
                doorbell.Answer(true);
                using var resigning = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var listener = Listen(leader, doorbell, resigning.Token);
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        Beat();
                        var result = await PublishPending(stoppingToken);
                        if (result.Remaining)
                        {
                            continue;
                        }

                        // Woken by a commit here, a NOTIFY from elsewhere, or the poll (also for back-offs).
                        var rung = doorbell.Wait(TimeSpan.FromMilliseconds(_options.PollIntervalMs), stoppingToken);
                        if (await Task.WhenAny(rung, listener) == listener)
                        {
                            await listener; // the leader's connection broke: lead again from a new one
                            return;
                        }

                        await rung;
                    }
                }
                finally
                {
                    doorbell.Answer(false);
                    IsLeader = false;
                    await resigning.CancelAsync();
                    await AwaitQuietly(listener);
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
    /// Waits on the leader's connection for the NOTIFY of commits in other processes and rings the
    /// bell for each. It waits in short slices without a cancellation token (cancelling Npgsql's
    /// wait midway can leave the connection unusable for the unlock that follows), and stops between
    /// slices once the relay resigns.
    /// </summary>
    private static async Task Listen(NpgsqlConnection leader, OutboxDoorbell doorbell, CancellationToken resigned)
    {
        while (!resigned.IsCancellationRequested)
        {
            if (await leader.WaitAsync(ListenSlice, CancellationToken.None))
            {
                doorbell.Ring();
            }
        }
    }

    private static readonly TimeSpan ListenSlice = TimeSpan.FromMilliseconds(250);

    private static async Task AwaitQuietly(Task listener)
    {
        try
        {
            await listener;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
        {
            // Already reported through the relay's loop, or the connection went with the shutdown.
        }
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
        var now = store.Now();
        List<OutboxRow> rows;
        await using (var connection = await store.DataSource.OpenConnectionAsync(cancellationToken))
        {
            rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(store.Sql(BatchReadSql),
                new { n = _options.BatchSize, now }, cancellationToken: cancellationToken))).ToList();
        }

        if (rows.Count == 0)
        {
            return new RelayPass(0, 0, false);
        }

        var published = new ConcurrentBag<long>();
        var failures = new ConcurrentBag<(long Id, string Error)>();
        await Parallel.ForEachAsync(
            rows,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken },
            async (row, ct) =>
            {
                // A child of the unit of work that wrote the row: MassTransit's publish span and the
                // consumers' spans hang below it, all in the request's trace.
                using var activity = MessagingTelemetry.Source.StartActivity(
                    $"outbox relay {MessagingTelemetry.ShortName(row.MessageType)}", ActivityKind.Internal, TraceContext.Parse(row.TraceParent, row.TraceState));
                activity?.SetTag("messaging.message.id", row.MessageId.ToString());
                activity?.SetTag("ipx.outbox.id", row.Id);
                activity?.SetTag("ipx.stream.id", row.StreamId);
                try
                {
                    await Publish(row, ct);
                    published.Add(row.Id);
                    var lag = store.Now() - new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc));
                    activity?.SetTag("ipx.outbox.relay_lag_ms", Math.Round(lag.TotalMilliseconds, 1));
                    MessagingTelemetry.RecordPublished(MessagingTelemetry.ShortName(row.MessageType), lag);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failures.Add((row.Id, e.Message));
                    activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                    MessagingTelemetry.RecordFailed(MessagingTelemetry.ShortName(row.MessageType));
                }
                finally
                {
                    Beat();
                }
            });

        await using (var connection = await store.DataSource.OpenConnectionAsync(cancellationToken))
        {
            if (!published.IsEmpty)
            {
                await connection.ExecuteAsync(new CommandDefinition(store.Sql("DELETE FROM {schema}.outbox WHERE id = ANY(@ids)"),
                    new { ids = published.ToArray() }, cancellationToken: cancellationToken));
            }

            foreach (var (id, error) in failures)
            {
                await connection.ExecuteAsync(new CommandDefinition(store.Sql("""
                    UPDATE {schema}.outbox SET attempts = attempts + 1, last_error = @error,
                           next_attempt_at = @now + make_interval(secs => least(@max, power(2, attempts)))
                    WHERE id = @id
                    """), new { id, error, now, max = (double)_options.MaxBackoffSeconds }, cancellationToken: cancellationToken));
            }
        }

        if (!failures.IsEmpty)
        {
            LogPublishFailed(logger, failures.Count, failures.First().Error);
        }

        return new RelayPass(published.Count, failures.Count, rows.Count == _options.BatchSize && failures.IsEmpty);
    }

    /// <summary>The batch read (public for the benchmark's timing and EXPLAIN): due rows in id order.</summary>
    public const string BatchReadSql = """
        SELECT id AS Id, message_id AS MessageId, stream_id AS StreamId, message_type AS MessageType, body::text AS Body, headers::text AS Headers,
               created_at AS CreatedAt, trace_parent AS TraceParent, trace_state AS TraceState
        FROM {schema}.outbox WHERE next_attempt_at IS NULL OR next_attempt_at <= @now ORDER BY id LIMIT @n
        """;

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

    /// <summary>Npgsql reads timestamptz as a UTC DateTime.</summary>
    private sealed record OutboxRow(long Id, Guid MessageId, string? StreamId, string MessageType, string Body, string Headers,
        DateTime CreatedAt, string? TraceParent, string? TraceState);
}

/// <summary>What one relay pass did; <c>Remaining</c> when a full batch went out and more may wait.</summary>
public sealed record RelayPass(int Published, int Failed, bool Remaining);
