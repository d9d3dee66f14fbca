using Dapper;
using IpExchange.Contracts.Matching;
using IpExchange.EventStore;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Demands;
using Marten;

namespace IpExchange.Matching.Matching;

/// <summary>
/// Announces new strong matches (score ≥ <see cref="Relevance.StrongMatch"/>) as
/// <see cref="StrongMatchFound"/>, once per demand and listing pair: the pair is recorded in the
/// <c>strong_matches</c> table in the same transaction as the message goes to the outbox.
/// </summary>
public static class StrongMatches
{
    /// <summary>A listing was published: the open demands it matches strongly.</summary>
    public static async Task ForListing(EventSession session, EventStore.EventStore store, Offer listing, string listingOwner, CancellationToken cancellationToken)
    {
        var strong = (await MatchEndpoints.RankDemands(session.Marten, listing, cancellationToken)).Where(m => m.Score >= Relevance.StrongMatch).ToList();
        var owners = (await session.Marten.LoadManyAsync<DemandSummary>(cancellationToken, strong.Select(m => Demand.StreamId(m.Id))))
            .ToDictionary(d => d.DemandId, d => d.OwnerOrganisationId, StringComparer.Ordinal);
        foreach (var match in strong)
        {
            await Announce(session, store, match.Id, owners[match.Id], listing.Id, listingOwner, match, cancellationToken);
        }
    }

    /// <summary>A demand was posted or changed: the public listings it matches strongly.</summary>
    public static async Task ForDemand(EventSession session, EventStore.EventStore store, string demandId, string demandOwner, MatchProfile demand, CancellationToken cancellationToken)
    {
        var strong = (await MatchEndpoints.RankListings(session.Marten, demand, demandOwner, cancellationToken)).Where(m => m.Score >= Relevance.StrongMatch).ToList();
        var owners = (await session.Marten.LoadManyAsync<CatalogueEntry>(cancellationToken, strong.Select(m => CatalogueEntry.StreamId(m.Id))))
            .ToDictionary(l => l.ListingId, l => l.SellerOrganisationId, StringComparer.Ordinal);
        foreach (var match in strong)
        {
            await Announce(session, store, demandId, demandOwner, match.Id, owners[match.Id], match, cancellationToken);
        }
    }

    /// <summary>
    /// A plain table, not a Marten document: "record the pair unless it is there, and announce it
    /// only then" needs <c>ON CONFLICT DO NOTHING</c>'s row count inside the transaction; a document
    /// insert that conflicts would fail the whole unit of work (the demand's post, the listing's
    /// cataloguing) instead of only skipping the announcement.
    /// </summary>
    private static async Task Announce(EventSession session, EventStore.EventStore store, string demandId, string demandOwner, string listingId, string listingOwner,
        MatchView match, CancellationToken cancellationToken)
    {
        var now = store.Now();
        var connection = await session.Connection(cancellationToken);
        var recorded = await connection.ExecuteAsync(new CommandDefinition(store.Sql("""
            INSERT INTO {schema}.strong_matches (demand_id, listing_id, score, found_at) VALUES (@demandId, @listingId, @score, @now)
            ON CONFLICT DO NOTHING
            """), new { demandId, listingId, score = match.Score, now }, cancellationToken: cancellationToken));
        if (recorded == 1)
        {
            // Published by hand: a match is a fact about two streams (a demand, a listing), recorded
            // in strong_matches, not an event of either, so no domain event stands behind it.
            session.Publish(new StrongMatchFound(demandId, listingId, demandOwner, listingOwner, match.Score, match.Reasons, now), $"match-{demandId}");
        }
    }
}
