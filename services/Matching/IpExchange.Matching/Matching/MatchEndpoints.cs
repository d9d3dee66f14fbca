using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Demands;
using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Matching.Matching;

public sealed record MatchView(string Id, string Title, double Score, double Text, double Ipc, double Budget, IReadOnlyList<string> Reasons);

/// <summary>供需匹配: for a demand, the public listings ranked; for a listing, the open demands ranked.</summary>
public static class MatchEndpoints
{
    public static void Map(RouteGroupBuilder demands)
    {
        demands.MapGet("/{id}/matches", async (string id, HttpContext http, EventStore.EventStore store, int? limit) =>
        {
            var caller = http.Caller();
            var demand = await store.Load<Demand>(Demand.StreamId(id), http.RequestAborted);
            if (!demand.State.Exists || !(caller.IsExchange || demand.State.OwnerOrganisationId == caller.OrganisationId))
            {
                throw new NotFoundException("demand", id);
            }

            await using var session = store.Marten.QuerySession();
            var ranked = await RankListings(session, DemandEndpoints.Profile(demand.State.Terms!), demand.State.OwnerOrganisationId!, http.RequestAborted);
            return Results.Ok(ranked.Take(Math.Clamp(limit ?? 10, 1, 50)));
        }).Produces<List<MatchView>>().WithSummary("Public listings ranked for the demand, with the score's parts and reasons");

        demands.MapGet("/for-listing/{listingId}", async (string listingId, HttpContext http, EventStore.EventStore store, int? limit) =>
        {
            var caller = http.Caller();
            await using var session = store.Marten.QuerySession();
            var listing = await CatalogueEntry.Find(session, listingId, http.RequestAborted);
            if (listing is not { IsPublic: true } || !(caller.IsExchange || listing.SellerOrganisationId == caller.OrganisationId))
            {
                throw new NotFoundException("listing", listingId);
            }

            var ranked = await RankDemands(session, listing.Offer(), http.RequestAborted);
            return Results.Ok(ranked.Take(Math.Clamp(limit ?? 10, 1, 50)));
        }).Produces<List<MatchView>>().WithSummary("Open demands ranked for one of the caller's public listings");
    }

    /// <summary>
    /// The candidates (<see cref="Candidates.Listings"/>) scored in memory. Directed listings show
    /// only to their named buyer, alliance listings only to members.
    /// </summary>
    public static async Task<List<MatchView>> RankListings(IQuerySession session, MatchProfile demand, string viewer, CancellationToken cancellationToken)
    {
        var offers = (await Candidates.Listings(session, demand, viewer, cancellationToken)).Select(l => l.Offer()).ToList();
        var idf = await Candidates.ListingIdf(session, demand.Terms, cancellationToken);
        return [.. offers.Select(o => (o, s: Relevance.Score(demand, o, idf)))
            .Where(x => x.s.Score > 0)
            .OrderByDescending(x => x.s.Score).ThenBy(x => x.o.Id, StringComparer.Ordinal)
            .Select(x => new MatchView(x.o.Id, x.o.Title, x.s.Score, x.s.Text, x.s.Ipc, x.s.Budget, x.s.Reasons))];
    }

    public static async Task<List<MatchView>> RankDemands(IQuerySession session, Offer listing, CancellationToken cancellationToken)
    {
        var demands = await Candidates.Demands(session, listing, cancellationToken);

        // A term's weight comes from how common it is among the demands being ranked.
        var terms = demands.SelectMany(d => d.Terms).ToHashSet(StringComparer.Ordinal);
        var idf = await Candidates.DemandIdf(session, terms, cancellationToken);
        return [.. demands.Select(d => (d, s: Relevance.Score(d.Profile(), listing, idf)))
            .Where(x => x.s.Score > 0)
            .OrderByDescending(x => x.s.Score).ThenBy(x => x.d.DemandId, StringComparer.Ordinal)
            .Select(x => new MatchView(x.d.DemandId, x.d.Title, x.s.Score, x.s.Text, x.s.Ipc, x.s.Budget, x.s.Reasons))];
    }
}
