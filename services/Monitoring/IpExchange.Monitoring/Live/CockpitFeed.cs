using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using IpExchange.EventStore;
using IpExchange.Monitoring.Pipeline;
using Npgsql;

namespace IpExchange.Monitoring.Live;

/// <summary>
/// Tells the cockpit's listeners that its tables changed. The notice is a PostgreSQL NOTIFY sent
/// from the projection's transaction, so it is delivered only when the change commits, and to every
/// replica of the service, not only the one that handled the message.
/// </summary>
public sealed class CockpitChangeNotice(string schema) : IInlineProjection
{
    public static string Channel(string schema) => $"{schema}_cockpit";

    public async Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken)
    {
        // PostgreSQL folds identical notices of one transaction into one.
        await using var cmd = context.Command("SELECT pg_notify(@channel, '')");
        await cmd.With("channel", Channel(schema)).ExecuteNonQueryAsync(cancellationToken);
    }
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
/// and again within a moment of every change (changes in a burst are folded into one), and at least
/// every 15 seconds as a heartbeat.
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
                await next.WaitAsync(Heartbeat, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(150), cancellationToken);
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
