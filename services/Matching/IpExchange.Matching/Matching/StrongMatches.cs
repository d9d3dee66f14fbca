using Dapper;
using IpExchange.Contracts.Matching;
using IpExchange.EventStore;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Demands;
using IpExchange.Matching.Ranking;
using Marten;

namespace IpExchange.Matching.Matching;

/// <summary>
/// Announces new strong matches (score ≥ <see cref="MatchWeights.StrongMatch"/>) as
/// <see cref="StrongMatchFound"/>, once per demand and listing pair: the pair is recorded in the
/// <c>strong_matches</c> table in the same transaction as the message goes to the outbox. The
/// ranking is this process's index, first brought up to every committed change, asked about the
/// listing or demand as it will be once the command commits (it is not in the index before). Two
/// commands committing at the same instant do not see each other: that pair waits for the next
/// change of either side (an edit, a republication) to be announced.
/// </summary>
public static class StrongMatches
{
    /// <summary>A listing was published: the open demands it matches strongly.</summary>
    public static async Task ForListing(EventSession session, EventStore.EventStore store, MatchIndexHost host, CatalogueEntry listing, CancellationToken cancellationToken)
    {
        await host.CatchUp(cancellationToken);
        var strong = Strong(page => host.Index.DemandsForListing(listing.Document(), page, MatchEndpoints.MaxLimit), host.Index);
        var owners = (await session.Marten.LoadManyAsync<DemandSummary>(cancellationToken, strong.Select(m => Demand.StreamId(m.DemandId))))
            .ToDictionary(d => d.DemandId, d => d.OwnerOrganisationId, StringComparer.Ordinal);
        foreach (var match in strong.Where(m => owners.ContainsKey(m.DemandId)))
        {
            await Announce(session, store, match, owners[match.DemandId], listing.SellerOrganisationId, cancellationToken);
        }
    }

    /// <summary>A demand was posted or changed: the public listings it matches strongly.</summary>
    public static async Task ForDemand(EventSession session, EventStore.EventStore store, MatchIndexHost host, DemandDocument demand, CancellationToken cancellationToken)
    {
        await host.CatchUp(cancellationToken);
        var strong = Strong(page => host.Index.MatchesForDemand(demand, demand.OwnerOrganisationId, page, MatchEndpoints.MaxLimit), host.Index);
        var owners = (await session.Marten.LoadManyAsync<CatalogueEntry>(cancellationToken, strong.Select(m => CatalogueEntry.StreamId(m.ListingId))))
            .ToDictionary(l => l.ListingId, l => l.SellerOrganisationId, StringComparer.Ordinal);
        foreach (var match in strong.Where(m => owners.ContainsKey(m.ListingId)))
        {
            await Announce(session, store, match, demand.OwnerOrganisationId, owners[match.ListingId], cancellationToken);
        }
    }

    /// <summary>The matches at or above the threshold, page after page while the last one still is.</summary>
    private static List<RankedMatch> Strong(Func<int, MatchPage> rank, MatchIndex index)
    {
        var threshold = index.Weights.StrongMatch;
        var strong = new List<RankedMatch>();
        for (var page = 1; page <= MatchEndpoints.MaxPage; page++)
        {
            var ranked = rank(page);
            strong.AddRange(ranked.Items.Where(m => m.Score >= threshold));
            if (ranked.Items.Count < ranked.Limit || ranked.Items[^1].Score < threshold)
            {
                break;
            }
        }

        return strong;
    }

    /// <summary>
    /// A plain table, not a Marten document: "record the pair unless it is there, and announce it
    /// only then" needs <c>ON CONFLICT DO NOTHING</c>'s row count inside the transaction; a document
    /// insert that conflicts would fail the whole unit of work (the demand's post, the listing's
    /// cataloguing) instead of only skipping the announcement.
    /// </summary>
    private static async Task Announce(EventSession session, EventStore.EventStore store, RankedMatch match, string demandOwner, string listingOwner,
        CancellationToken cancellationToken)
    {
        var now = store.Now();
        var connection = await session.Connection(cancellationToken);
        var recorded = await connection.ExecuteAsync(new CommandDefinition(store.Sql("""
            INSERT INTO {schema}.strong_matches (demand_id, listing_id, score, found_at) VALUES (@demandId, @listingId, @score, @now)
            ON CONFLICT DO NOTHING
            """), new { demandId = match.DemandId, listingId = match.ListingId, score = match.Score, now }, cancellationToken: cancellationToken));
        if (recorded == 1)
        {
            // Published by hand: a match is a fact about two streams (a demand, a listing), recorded
            // in strong_matches, not an event of either, so no domain event stands behind it.
            session.Publish(new StrongMatchFound(match.DemandId, match.ListingId, demandOwner, listingOwner, match.Score,
                MatchExplanations.Sentences(match), now, MatchExplanations.Of(match.Reasons)), $"match-{match.DemandId}");
        }
    }
}
