using Dapper;
using IpExchange.EventStore;
using JasperFx.Events;

namespace IpExchange.Monitoring.Facts;

/// <summary>
/// Facts about one deal, listing or auction are handled one at a time (a transaction-scoped
/// advisory lock per stream), so a check that reads a stream sees every fact committed before it,
/// and the finding it appends cannot race another one about the same thing.
/// </summary>
public static class FactLock
{
    /// <summary>Begins the session's transaction and waits for the stream's lock; it is released at commit or rollback.</summary>
    public static async Task Take(EventSession session, EventStore.EventStore store, string streamId, CancellationToken cancellationToken)
    {
        var connection = await session.Connection(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext(@key))",
            new { key = $"{store.Schema}:{streamId}" }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The stream's committed facts, read in the session's transaction (after <see cref="Take"/>:
    /// nothing about it can commit meanwhile). Checks fold these rather than read the cockpit's
    /// documents, which the async daemon may not have caught up with yet.
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>> Read(EventSession session, string streamId, CancellationToken cancellationToken) =>
        await session.Marten.Events.FetchStreamAsync(streamId, token: cancellationToken);
}
