using System.Collections.Concurrent;
using System.Data;
using System.Diagnostics;
using Dapper;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Demands;
using IpExchange.Matching.Ranking;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace IpExchange.Matching.Matching;

/// <summary>
/// Keeps this process's <see cref="MatchIndex"/> equal to the catalogue's public listings and the
/// open demands. Every replica holds its own index and must see every change, so it is fed from the
/// documents, not from the bus (a competing-consumer queue gives each message to one replica only):
/// <list type="number">
/// <item>At start-up it loads every public listing and open demand in one REPEATABLE READ
/// transaction and remembers that transaction's snapshot (<c>pg_current_snapshot()</c>).</item>
/// <item>A trigger on both document tables writes the id of every changed document with its
/// transaction's id (<c>pg_current_xact_id()</c>) to <c>index_changes</c>, in the writing
/// transaction, whatever wrote it (a command, a consumer, a projection rebuild).</item>
/// <item>Every <c>Matching:IndexPollMs</c> it reads the changes whose transaction was not visible
/// in the last snapshot it read under, and takes the new snapshot in the same statement; then it
/// loads those documents as they are now and adds, replaces or removes them in the index.</item>
/// </list>
/// Why transaction snapshots and not a checkpoint: <c>mt_last_modified</c> is the transaction's
/// start time and event sequence numbers are taken before commit, so a transaction that started
/// earlier can commit after one that a checkpoint has passed, and its change would be skipped.
/// "Committed since the last snapshot" is exact: nothing is skipped, nothing is read twice (and a
/// document read twice would only be replaced by itself). Change rows older than an hour are
/// deleted; a replica that could not read for longer than half of that loads everything again.
/// </summary>
public sealed partial class MatchIndexHost(
    EventStore.EventStore store, MatchIndex index, IConfiguration configuration, ILogger<MatchIndexHost> logger) : BackgroundService
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(5);

    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, long> listingVersions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> demandVersions = new(StringComparer.Ordinal);
    private readonly TimeSpan poll = TimeSpan.FromMilliseconds(configuration.GetValue("Matching:IndexPollMs", 200));
    private readonly SemaphoreSlim gate = new(1, 1);
    private string snapshot = "";

    public MatchIndex Index { get; } = index;

    /// <summary>How long the first load took (readiness waited for it), once it is done.</summary>
    public TimeSpan? LoadTime { get; private set; }

    public bool IsReady => ready.Task.IsCompleted;

    /// <summary>Waits until the index holds the market (the first load), or the request ends.</summary>
    public Task Ready(CancellationToken cancellationToken) => ready.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Brings the index up to every transaction committed before this call, without waiting for the
    /// next poll: a strong-match check ranks against the demand or listing committed a moment ago
    /// (a listing published right after a demand was posted must find it).
    /// </summary>
    public async Task CatchUp(CancellationToken cancellationToken)
    {
        await Ready(cancellationToken);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await ReadChanges(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether the index ranks this listing at this version (else the caller ranks the document it read itself).</summary>
    public bool Holds(CatalogueEntry listing) => listingVersions.TryGetValue(listing.ListingId, out var v) && v == listing.Version;

    public bool Holds(DemandSummary demand) => demandVersions.TryGetValue(demand.DemandId, out var v) && v == demand.Version;

    public override void Dispose()
    {
        gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastRead = Stopwatch.StartNew();
        var lastPrune = Stopwatch.StartNew();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await gate.WaitAsync(stoppingToken);
                try
                {
                    if (!IsReady || lastRead.Elapsed > Retention / 2)
                    {
                        await LoadAll(stoppingToken);
                    }
                    else
                    {
                        await ReadChanges(stoppingToken);
                    }
                }
                finally
                {
                    gate.Release();
                }

                lastRead.Restart();
                failures = 0;
                if (lastPrune.Elapsed > PruneEvery)
                {
                    await Prune(stoppingToken);
                    lastPrune.Restart();
                }

                await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is away: keep the index as it is and try again, slower each time.
                LogReadFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(failures++, 5))), stoppingToken);
            }
        }
    }

    /// <summary>
    /// Every public listing and open demand as one snapshot sees them: added or replaced where the
    /// version differs, and whatever the index holds beyond them removed. The first load builds the
    /// index; a later one (after a long outage, or a truncated table) brings it back in step.
    /// </summary>
    private async Task LoadAll(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await InstallTriggers(cancellationToken);
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var taken = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT pg_current_snapshot()::text", transaction: transaction, cancellationToken: cancellationToken));
        await using var session = store.Marten.QuerySession(Marten.Services.SessionOptions.ForTransaction(transaction));
        var listings = await session.Query<CatalogueEntry>().Where(l => l.IsPublic).ToListAsync(cancellationToken);
        var demands = await session.Query<DemandSummary>().Where(d => d.Status == DemandStatus.Open).ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var listed = listings.Select(l => l.ListingId).ToHashSet(StringComparer.Ordinal);
        var open = demands.Select(d => d.DemandId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in listingVersions.Keys.Where(id => !listed.Contains(id)).ToList())
        {
            RemoveListing(gone);
        }

        foreach (var gone in demandVersions.Keys.Where(id => !open.Contains(id)).ToList())
        {
            RemoveDemand(gone);
        }

        // Listings first: a demand's query weighs its words by the listings that have them.
        Parallel.ForEach(listings, new ParallelOptions { CancellationToken = cancellationToken }, Apply);
        Parallel.ForEach(demands, new ParallelOptions { CancellationToken = cancellationToken }, Apply);
        snapshot = taken!;
        if (!IsReady)
        {
            LoadTime = watch.Elapsed;
            ready.TrySetResult();
            LogLoaded(logger, listings.Count, demands.Count, (long)watch.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The documents changed by transactions committed since the last snapshot, as they are now.</summary>
    private async Task ReadChanges(CancellationToken cancellationToken)
    {
        List<Change> changes;
        string taken;
        await using (var connection = await store.DataSource.OpenConnectionAsync(cancellationToken))
        {
            // One statement: the changes it sees and the snapshot it sees them under are the same.
            var rows = (await connection.QueryAsync<(string Snapshot, string? Kind, string? Id)>(new CommandDefinition(store.Sql("""
                SELECT s.snapshot::text, c.kind, c.id
                FROM (SELECT pg_current_snapshot() AS snapshot) s
                LEFT JOIN LATERAL (
                    SELECT DISTINCT kind, id FROM {schema}.index_changes
                    WHERE xid >= pg_snapshot_xmin(@last::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, @last::pg_snapshot)
                ) c ON true
                """), new { last = snapshot }, cancellationToken: cancellationToken))).ToList();
            taken = rows[0].Snapshot;
            changes = [.. rows.Where(r => r.Id is not null).Select(r => new Change(r.Kind!, r.Id!))];
        }

        if (changes.Any(c => c.Id == "*"))
        {
            // A table was truncated (a projection rebuilt from scratch): read everything again.
            await LoadAll(cancellationToken);
            return;
        }

        if (changes.Count > 0)
        {
            await using var session = store.Marten.QuerySession();
            var listingIds = changes.Where(c => c.Kind == ListingKind).Select(c => c.Id).ToList();
            var demandIds = changes.Where(c => c.Kind == DemandKind).Select(c => c.Id).ToList();
            var listings = (await session.LoadManyAsync<CatalogueEntry>(cancellationToken, listingIds)).ToDictionary(l => l.Id, StringComparer.Ordinal);
            var demands = (await session.LoadManyAsync<DemandSummary>(cancellationToken, demandIds)).ToDictionary(d => d.Id, StringComparer.Ordinal);
            foreach (var id in listingIds)
            {
                if (listings.TryGetValue(id, out var listing))
                {
                    Apply(listing);
                }
                else if (id.StartsWith("catalogue-", StringComparison.Ordinal))
                {
                    RemoveListing(id["catalogue-".Length..]);
                }
            }

            foreach (var id in demandIds)
            {
                if (demands.TryGetValue(id, out var demand))
                {
                    Apply(demand);
                }
                else if (id.StartsWith("demand-", StringComparison.Ordinal))
                {
                    RemoveDemand(id["demand-".Length..]);
                }
            }
        }

        snapshot = taken;
    }

    private void Apply(CatalogueEntry listing)
    {
        if (!listing.IsPublic)
        {
            RemoveListing(listing.ListingId);
        }
        else if (!Holds(listing))
        {
            Index.Upsert(listing.Document());
            listingVersions[listing.ListingId] = listing.Version;
        }
    }

    private void Apply(DemandSummary demand)
    {
        if (demand.Status != DemandStatus.Open)
        {
            RemoveDemand(demand.DemandId);
        }
        else if (!Holds(demand))
        {
            Index.Upsert(demand.Document());
            demandVersions[demand.DemandId] = demand.Version;
        }
    }

    private void RemoveListing(string listingId)
    {
        if (listingVersions.TryRemove(listingId, out _))
        {
            Index.RemoveListing(listingId);
        }
    }

    private void RemoveDemand(string demandId)
    {
        if (demandVersions.TryRemove(demandId, out _))
        {
            Index.RemoveDemand(demandId);
        }
    }

    private const string ListingKind = "L";
    private const string DemandKind = "D";

    /// <summary>
    /// The triggers that record each document change, made (or replaced) at every start rather than
    /// once in a migration: if Marten ever recreated a document table, a trigger made once would be
    /// gone and the index would silently stop following. Replicas take turns on an advisory lock.
    /// </summary>
    private async Task InstallTriggers(CancellationToken cancellationToken)
    {
        var catalogue = store.Marten.Options.Schema.For<CatalogueEntry>();
        var demands = store.Marten.Options.Schema.For<DemandSummary>();
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(store.Sql($$"""
            SELECT pg_advisory_xact_lock(hashtext('ipx-index-triggers:' || @schema));
            CREATE OR REPLACE FUNCTION {schema}.index_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO {schema}.index_changes (xid, kind, id)
                VALUES (pg_current_xact_id(), TG_ARGV[0], CASE WHEN TG_OP = 'TRUNCATE' THEN '*' WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
                RETURN NULL;
            END $$;
            CREATE OR REPLACE TRIGGER index_change AFTER INSERT OR UPDATE OR DELETE ON {{catalogue}} FOR EACH ROW EXECUTE FUNCTION {schema}.index_change('{{ListingKind}}');
            CREATE OR REPLACE TRIGGER index_change_truncate AFTER TRUNCATE ON {{catalogue}} FOR EACH STATEMENT EXECUTE FUNCTION {schema}.index_change('{{ListingKind}}');
            CREATE OR REPLACE TRIGGER index_change AFTER INSERT OR UPDATE OR DELETE ON {{demands}} FOR EACH ROW EXECUTE FUNCTION {schema}.index_change('{{DemandKind}}');
            CREATE OR REPLACE TRIGGER index_change_truncate AFTER TRUNCATE ON {{demands}} FOR EACH STATEMENT EXECUTE FUNCTION {schema}.index_change('{{DemandKind}}');
            """), new { schema = store.Schema }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task Prune(CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(store.Sql("DELETE FROM {schema}.index_changes WHERE at < now() - make_interval(secs => @seconds)"),
            new { seconds = Retention.TotalSeconds }, cancellationToken: cancellationToken));
    }

    private sealed record Change(string Kind, string Id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Match index loaded: {Listings} public listings and {Demands} open demands in {ElapsedMs} ms")]
    private static partial void LogLoaded(ILogger logger, int listings, int demands, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the catalogue's and the demands' changes failed; the match index keeps what it has and tries again")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}

/// <summary>Readiness waits for the first load of the match index: until then the rankings would be empty.</summary>
public sealed class MatchIndexHealthCheck(MatchIndexHost host) : IHealthCheck
{
    public const string Name = "match-index";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.IsReady
            ? HealthCheckResult.Healthy($"The match index holds {host.Index.ListingCount} listings and {host.Index.DemandCount} demands (loaded in {host.LoadTime?.TotalMilliseconds:0} ms).")
            : new HealthCheckResult(context.Registration.FailureStatus, "The match index is loading."));
}
