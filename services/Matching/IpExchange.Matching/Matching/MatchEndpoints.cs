using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Demands;
using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Matching.Matching;

/// <summary>
/// 供需匹配: for a demand, the public listings ranked; for a listing, the open demands ranked. Both
/// read this process's <see cref="Ranking.MatchIndex"/> (see <see cref="MatchIndexHost"/>), paged,
/// with the score's parts and the reasons as data.
/// </summary>
public static class MatchEndpoints
{
    public const int MaxLimit = 50;
    public const int MaxPage = 200;

    public static void Map(RouteGroupBuilder demands)
    {
        demands.MapGet("/{id}/matches", async (string id, HttpContext http, EventStore.EventStore store, MatchIndexHost host, int? page, int? limit) =>
        {
            var caller = http.Caller();
            await using var session = store.Marten.QuerySession();
            var demand = await session.LoadAsync<DemandSummary>(Demand.StreamId(id), http.RequestAborted);
            if (demand is null || !(caller.IsExchange || demand.OwnerOrganisationId == caller.OrganisationId))
            {
                throw new NotFoundException("demand", id);
            }

            await host.Ready(http.RequestAborted);
            var (p, l) = Paging(page, limit);

            // The owner's view: directed listings show only to their named buyer, alliance listings only to members.
            // A demand the index does not hold at this version (just posted or edited, or closed) is ranked from its document.
            var ranked = host.Holds(demand)
                ? host.Index.MatchesForDemand(demand.DemandId, demand.OwnerOrganisationId, p, l)
                : host.Index.MatchesForDemand(demand.Document(), demand.OwnerOrganisationId, p, l);
            var listings = (await session.LoadManyAsync<CatalogueEntry>(http.RequestAborted, ranked.Items.Select(m => CatalogueEntry.StreamId(m.ListingId))))
                .Where(x => x.IsPublic).ToDictionary(x => x.ListingId, StringComparer.Ordinal);
            return Results.Ok(new MatchPageView<ListingMatch>(p, l, ranked.Total,
                [.. ranked.Items.Where(m => listings.ContainsKey(m.ListingId)).Select(m => MatchExplanations.ForDemand(m, listings[m.ListingId], host.Index.Weights))]));
        }).Produces<MatchPageView<ListingMatch>>().WithSummary("Public listings ranked for the demand, paged (page, limit ≤ 50), each with its patents, the score's parts and the reasons as data");

        demands.MapGet("/for-listing/{listingId}", async (string listingId, HttpContext http, EventStore.EventStore store, MatchIndexHost host, int? page, int? limit) =>
        {
            var caller = http.Caller();
            await using var session = store.Marten.QuerySession();
            var listing = await CatalogueEntry.Find(session, listingId, http.RequestAborted);
            if (listing is not { IsPublic: true } || !(caller.IsExchange || listing.SellerOrganisationId == caller.OrganisationId))
            {
                throw new NotFoundException("listing", listingId);
            }

            await host.Ready(http.RequestAborted);
            var (p, l) = Paging(page, limit);
            var ranked = host.Holds(listing) ? host.Index.DemandsForListing(listing.ListingId, p, l) : host.Index.DemandsForListing(listing.Document(), p, l);
            var found = (await session.LoadManyAsync<DemandSummary>(http.RequestAborted, ranked.Items.Select(m => Demand.StreamId(m.DemandId))))
                .Where(d => d.Status == DemandStatus.Open).ToDictionary(d => d.DemandId, StringComparer.Ordinal);
            return Results.Ok(new MatchPageView<DemandMatch>(p, l, ranked.Total,
                [.. ranked.Items.Where(m => found.ContainsKey(m.DemandId)).Select(m => MatchExplanations.ForListing(m, found[m.DemandId], host.Index.Weights))]));
        }).Produces<MatchPageView<DemandMatch>>().WithSummary("Open demands ranked for one of the caller's public listings, paged, with the score's parts and the reasons as data");
    }

    /// <summary>Page from 1, limit 1–50 (10 by default): out-of-range values are brought into range rather than refused.</summary>
    public static (int Page, int Limit) Paging(int? page, int? limit) => (Math.Clamp(page ?? 1, 1, MaxPage), Math.Clamp(limit ?? 10, 1, MaxLimit));
}
