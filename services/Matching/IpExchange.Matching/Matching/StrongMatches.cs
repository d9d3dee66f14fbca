using IpExchange.Contracts.Matching;
using IpExchange.EventStore;
using Npgsql;

namespace IpExchange.Matching.Matching;

/// <summary>
/// Announces new strong matches (score ≥ <see cref="Relevance.StrongMatch"/>) as
/// <see cref="StrongMatchFound"/>, once per demand and listing pair: the pair is recorded in the same
/// transaction as the message goes to the outbox.
/// </summary>
public static class StrongMatches
{
    /// <summary>A listing was published: the open demands it matches strongly.</summary>
    public static async Task ForListing(EventSession session, EventStore.EventStore store, Offer listing, string listingOwner, CancellationToken cancellationToken)
    {
        var strong = (await MatchEndpoints.RankDemands(session.Connection, store, listing, cancellationToken))
            .Where(m => m.Score >= Relevance.StrongMatch).ToList();
        var owners = await Owners(session, store, "demands", "id", strong.Select(m => m.Id), cancellationToken);
        foreach (var match in strong)
        {
            await Announce(session, store, match.Id, owners[match.Id], listing.Id, listingOwner, match, cancellationToken);
        }
    }

    /// <summary>A demand was posted or changed: the public listings it matches strongly.</summary>
    public static async Task ForDemand(EventSession session, EventStore.EventStore store, string demandId, string demandOwner, MatchProfile demand, CancellationToken cancellationToken)
    {
        var strong = (await MatchEndpoints.RankListings(session.Connection, store, demand, demandOwner, cancellationToken))
            .Where(m => m.Score >= Relevance.StrongMatch).ToList();
        var owners = await Owners(session, store, "catalogue", "listing_id", strong.Select(m => m.Id), cancellationToken);
        foreach (var match in strong)
        {
            await Announce(session, store, demandId, demandOwner, match.Id, owners[match.Id], match, cancellationToken);
        }
    }

    private static async Task Announce(EventSession session, EventStore.EventStore store, string demandId, string demandOwner, string listingId, string listingOwner,
        MatchView match, CancellationToken cancellationToken)
    {
        var now = store.Now();
        await using var cmd = new NpgsqlCommand(store.Sql("""
            INSERT INTO {schema}.strong_matches (demand_id, listing_id, score, found_at) VALUES (@d, @l, @s, @at)
            ON CONFLICT DO NOTHING
            """), session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("d", demandId);
        cmd.Parameters.AddWithValue("l", listingId);
        cmd.Parameters.AddWithValue("s", match.Score);
        cmd.Parameters.AddWithValue("at", now);
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            session.Publish(new StrongMatchFound(demandId, listingId, demandOwner, listingOwner, match.Score, match.Reasons, now), $"match-{demandId}");
        }
    }

    private static async Task<Dictionary<string, string>> Owners(EventSession session, EventStore.EventStore store, string table, string idColumn, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand(store.Sql($"SELECT {idColumn}, owner_org FROM {{schema}}.{table} WHERE {idColumn} = ANY(@ids)"), session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            owners[reader.GetString(0)] = reader.GetString(1);
        }

        return owners;
    }
}
