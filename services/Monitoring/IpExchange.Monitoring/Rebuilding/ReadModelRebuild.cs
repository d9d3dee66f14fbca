using System.Diagnostics;
using Dapper;
using JasperFx.Events.Daemon;
using Marten;

namespace IpExchange.Monitoring.Rebuilding;

public sealed record RebuildResult(long Events, long LastSequence, long ElapsedMs, IReadOnlyList<string> Projections);

/// <summary>
/// Rebuilds every cockpit document from the events alone, through Marten's projection rebuild:
/// for each projection the daemon deletes its documents and replays every event up to the high
/// water mark. While the service runs, its daemon is paused for the rebuild (it keeps its leader
/// lock, so no other replica's daemon takes over meanwhile) and resumed after, catching up with the
/// facts that arrived during the rebuild. A reader sees partial figures while it runs.
/// </summary>
public sealed class ReadModelRebuild(EventStore.EventStore store, IServiceProvider services)
{
    public static readonly TimeSpan ShardTimeout = TimeSpan.FromMinutes(5);

    /// <param name="pauseRunningDaemon">True in the running service (the endpoint); false for the command, where no daemon was started.</param>
    public async Task<RebuildResult> Run(bool pauseRunningDaemon, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var coordinator = pauseRunningDaemon ? services.GetService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>() : null;
        if (coordinator is not null)
        {
            await coordinator.PauseAsync();
        }

        try
        {
            // A daemon of its own for the rebuild: the paused one's agents stay stopped and out of its
            // books, so resuming starts them afresh from the rebuilt progress. (Rebuilding on the
            // running daemon leaves its agents registered as stopped, and the coordinator never
            // restarts an agent it still has.)
            using var daemon = await store.Marten.BuildProjectionDaemonAsync();
            await RebuildAll(daemon, cancellationToken);
        }
        finally
        {
            if (coordinator is not null)
            {
                await coordinator.ResumeAsync();
            }
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        var (events, last) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            store.Sql("SELECT count(*), coalesce(max(seq_id), 0) FROM {schema}.mt_events"), cancellationToken: cancellationToken));
        return new RebuildResult(events, last, watch.ElapsedMilliseconds, MonitoringStore.Projections.Select(p => p.Name).ToList());
    }

    private static async Task RebuildAll(IProjectionDaemon daemon, CancellationToken cancellationToken)
    {
        foreach (var projection in MonitoringStore.Projections)
        {
            await daemon.RebuildProjectionAsync(projection, ShardTimeout, cancellationToken);
        }
    }
}
