using IpExchange.Monitoring.Pipeline;
using IpExchange.ServiceDefaults;

namespace IpExchange.Monitoring.MyDeals;

/// <summary>
/// A university or enterprise follows its own deals (as seller or buyer): stage, deadlines, time in
/// each stage. Another organisation's deal is "not found". Exchange staff use the cockpit instead.
/// </summary>
public static class MyDealsEndpoints
{
    public static void Map(RouteGroupBuilder myDeals)
    {
        myDeals.MapGet("/", async (HttpContext http, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var caller = http.Caller();
            return Results.Ok(await DealRows.Find(store, new DealFilter(Organisation: caller.OrganisationId), cancellationToken));
        }).Produces<IReadOnlyList<DealRow>>().WithSummary("The caller's organisation's deals, as seller or buyer");

        myDeals.MapGet("/{dealId}", async (string dealId, HttpContext http, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var caller = http.Caller();
            var deal = (await DealRows.Find(store, new DealFilter(Organisation: caller.OrganisationId, DealId: dealId), cancellationToken)).SingleOrDefault()
                ?? throw new NotFoundException("deal", dealId);
            return Results.Ok(deal);
        }).Produces<DealRow>().WithSummary("One of the caller's deals");
    }
}
