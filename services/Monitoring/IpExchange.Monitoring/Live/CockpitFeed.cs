using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Marten;
using Marten.Services;
using IpExchange.Monitoring.Pipeline;
using Npgsql;

namespace IpExchange.Monitoring.Live;

/// <summary>
/// Tells the cockpit's listeners that its figures changed: a PostgreSQL NOTIFY, delivered to every
/// replica of the service, not only the one whose daemon folded the facts. Registered as one of
/// Marten's async listeners, it runs after the daemon committed a batch of documents; a change the
/// commands make themselves (an alert acknowledged) queues the same NOTIFY in their own transaction.
/// </summary>
public sealed class CockpitChangeNotice(NpgsqlDataSource dataSource, string schema) : IChangeListener
{
    public static string Channel(string schema) => $"{schema}_cockpit";

    /// <summary>
    /// Queues the notice in a session: delivered when it commits, never for a rollback. A NOTIFY
    /// statement, not SELECT pg_notify(): Marten reads its batch's results by position, and a
    /// queued statement must return no rows.
    /// </summary>
    public static void Queue(IDocumentOperations session, string schema) => session.QueueSqlCommand($"NOTIFY \"{Channel(schema)}\"");

    public async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        await using var cmd = dataSource.CreateCommand($"NOTIFY \"{Channel(schema)}\"");
        await cmd.ExecuteNonQueryAsync(token);
    }

    public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;
}

/// <summary>The latest change the listener heard; waiters are woken on the next one.</summary>
public sealed class CockpitChanges
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Signal() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>LISTENs on the cockpit's channel on one dedicated connection, reconnecting when it drops.</summary>
public sealed partial class CockpitListener(EventStore.EventStore store, CockpitChanges changes, ILogger<CockpitListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => changes.Signal();
                await using (var listen = new NpgsqlCommand($"LISTEN \"{CockpitChangeNotice.Channel(store.Schema)}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                changes.Signal(); // anything missed while not listening
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                LogListenFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cockpit listener lost its connection; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception e);
}

/// <summary>
/// <c>GET /api/cockpit/live</c>: server-sent events, a <c>figures</c> event with the summary at once
/// and again as soon as the daemon committed a change (changes while the figures are being read are
/// folded into one more reading), and at least every 15 seconds as a heartbeat.
/// </summary>
public static class CockpitFeed
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder cockpit) =>
        cockpit.MapGet("/live", (EventStore.EventStore store, CockpitChanges changes, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Figures(store, changes, cancellationToken)))
            .WithSummary("The cockpit's figures as server-sent events, pushed on every change");

    private static async IAsyncEnumerable<SseItem<Summary>> Figures(EventStore.EventStore store, CockpitChanges changes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long id = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = changes.Next;
            var summary = await CockpitFigures.Summary(store, new Period(null, null), cancellationToken);
            yield return new SseItem<Summary>(summary, "figures") { EventId = (++id).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            try
            {
                // Notices that come while the figures are read and sent complete this one wait: a
                // burst of changes is folded into one more reading, with no timer to wait out.
                await next.WaitAsync(Heartbeat, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Nothing changed: send the figures again so proxies keep the connection open.
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
