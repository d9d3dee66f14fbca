using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Dapper;
using Npgsql;

namespace IpExchange.EventStore;

/// <summary>A timer that came due: the kind names the handler, the key the thing it is about.</summary>
public sealed record DueTimer(long Id, string Kind, string Key, DateTimeOffset DueAt, JsonElement Payload, int Attempts);

/// <summary>
/// Handles one kind of durable timer (an auction's close, a signing deadline). Runs in a session
/// whose commit also deletes the timer, so a timer fires with effect exactly once.
/// </summary>
public interface ITimerHandler
{
    string Kind { get; }

    Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken);
}

/// <summary>
/// Fires due timers from PostgreSQL (RabbitMQ's delayed-exchange plugin is not available). Each due
/// row is claimed with FOR UPDATE SKIP LOCKED inside the firing transaction, so several replicas can
/// run this worker at once without firing one timer twice, and a crash mid-fire leaves the row due.
/// </summary>
public sealed partial class TimerWorker(EventStore store, IServiceScopeFactory scopes, ILogger<TimerWorker> logger) : BackgroundService
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var fired = await FireDue(stoppingToken);
                if (fired == 0)
                {
                    await Task.Delay(PollInterval, store.Time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogStoreUnavailable(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), store.Time, stoppingToken);
            }
        }
    }

    /// <summary>Fires every timer due now, one transaction each. Returns how many fired.</summary>
    public async Task<int> FireDue(CancellationToken cancellationToken)
    {
        var fired = 0;
        while (await FireOne(cancellationToken))
        {
            fired++;
        }

        return fired;
    }

    private async Task<bool> FireOne(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handlers = scope.ServiceProvider.GetServices<ITimerHandler>().ToDictionary(h => h.Kind, StringComparer.Ordinal);
        await using var session = await store.OpenSession(EventMetadata.System(), cancellationToken);
        var connection = await session.Connection(cancellationToken);
        var timer = await connection.QuerySingleOrDefaultAsync<TimerRow>(new CommandDefinition(store.Sql("""
            SELECT id AS Id, kind AS Kind, key AS Key, due_at AS DueAt, payload::text AS Payload, attempts AS Attempts,
                   trace_parent AS TraceParent, trace_state AS TraceState FROM {schema}.timers
            WHERE due_at <= @now AND kind = ANY(@kinds)
            ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """), new { now = store.Now(), kinds = handlers.Keys.ToArray() }, cancellationToken: cancellationToken));
        if (timer is null)
        {
            return false;
        }

        using var payload = JsonDocument.Parse(timer.Payload);
        // The firing continues the trace of whoever scheduled or last moved the timer, so its events'
        // outbox rows, and the consumers of their messages, land in that trace.
        using var activity = StoreMetrics.Source.StartActivity($"timer {timer.Kind}", ActivityKind.Internal, TraceContext.Parse(timer.TraceParent, timer.TraceState));
        activity?.SetTag("ipx.timer.kind", timer.Kind);
        activity?.SetTag("ipx.timer.key", timer.Key);
        activity?.SetTag("ipx.timer.lateness_ms", Math.Round((store.Now() - new DateTimeOffset(DateTime.SpecifyKind(timer.DueAt, DateTimeKind.Utc))).TotalMilliseconds, 1));
        var due = new DueTimer(timer.Id, timer.Kind, timer.Key, new DateTimeOffset(DateTime.SpecifyKind(timer.DueAt, DateTimeKind.Utc)), payload.RootElement.Clone(), timer.Attempts);
        try
        {
            session.Marten.QueueSqlCommand(store.Sql("DELETE FROM {schema}.timers WHERE id = ?"), timer.Id);
            await handlers[timer.Kind].Fire(session, due, cancellationToken);
            await session.SaveChanges(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            LogTimerFailed(logger, e, timer.Kind, timer.Key);
            await session.DisposeAsync(); // releases the row lock before the back-off update below
            await using var retry = await store.DataSource.OpenConnectionAsync(cancellationToken);
            // Back off so that one failing timer does not spin; the row stays for the next try.
            await retry.ExecuteAsync(new CommandDefinition(store.Sql("""
                UPDATE {schema}.timers SET attempts = attempts + 1, last_error = @error,
                       due_at = @now + make_interval(secs => least(300, power(2, attempts + 1)))
                WHERE id = @id
                """), new { id = timer.Id, error = e.Message, now = store.Now() }, cancellationToken: cancellationToken));
        }

        return true;
    }

    /// <summary>Npgsql reads timestamptz as a UTC DateTime.</summary>
    private sealed record TimerRow(long Id, string Kind, string Key, DateTime DueAt, string Payload, int Attempts, string? TraceParent, string? TraceState);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer store unavailable; retrying")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Kind}/{Key} failed; it will be retried")]
    private static partial void LogTimerFailed(ILogger logger, Exception e, string kind, string key);
}
