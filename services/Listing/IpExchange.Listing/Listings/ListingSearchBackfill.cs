using Dapper;
using IpExchange.Listing.Patents;
using Marten;

namespace IpExchange.Listing.Listings;

/// <summary>
/// At start-up, after the migrations: loads the analyzer (so no request waits for jieba's
/// dictionary), and gives words to search rows written before the listings were searched by words
/// (migration 0201 left them without) by rebuilding the patents' documents (for their abstracts) and
/// the search table through Marten's projection rebuild, from the events alone. Replicas starting
/// together take turns on an advisory lock, and the later one finds nothing left to do.
/// </summary>
public sealed partial class ListingSearchBackfill(EventStore.EventStore store, ILogger<ListingSearchBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ListingWords.Warm();
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        if (!await Stale(connection, cancellationToken))
        {
            return;
        }

        var lockId = $"ipx-listing-words:{store.Schema}";
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtext(@lockId))", new { lockId }, cancellationToken: cancellationToken));
        try
        {
            if (!await Stale(connection, cancellationToken))
            {
                return;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var daemon = await store.Marten.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<OwnedPatentProjection>(TimeSpan.FromMinutes(5), cancellationToken);
            await daemon.RebuildProjectionAsync<ListingSearchProjection>(TimeSpan.FromMinutes(5), cancellationToken);
            LogRebuilt(logger, watch.ElapsedMilliseconds);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtext(@lockId))", new { lockId }, cancellationToken: CancellationToken.None));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> Stale(Npgsql.NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            store.Sql("SELECT EXISTS (SELECT 1 FROM {schema}.listings WHERE owner_words IS NULL)"), cancellationToken: cancellationToken));

    [LoggerMessage(Level = LogLevel.Information, Message = "Search rows without words were rebuilt from the events in {ElapsedMs} ms")]
    private static partial void LogRebuilt(ILogger logger, long elapsedMs);
}
