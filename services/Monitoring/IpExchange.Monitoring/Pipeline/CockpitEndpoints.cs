using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Monitoring.Pipeline;

/// <summary>The cockpit's figures (驾驶舱), exchange staff only: the group requires the exchange role.</summary>
public static class CockpitEndpoints
{
    public static void Map(RouteGroupBuilder cockpit)
    {
        cockpit.MapGet("/summary", async (DateTimeOffset? from, DateTimeOffset? to, EventStore.EventStore store, CancellationToken cancellationToken) =>
            Results.Ok(await CockpitFigures.Summary(store, PeriodOf(from, to), cancellationToken)))
            .Produces<Summary>().WithSummary("Listings and deals by stage, conversion, time in each stage, stuck deals, alerts");

        cockpit.MapGet("/breakdown", async (string? by, DateTimeOffset? from, DateTimeOffset? to, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var errors = new FieldErrors();
            errors.Check(by is not null && CockpitFigures.Dimensions.Contains(by), "by", FieldCodes.NotAllowedValue, $"One of: {string.Join(", ", CockpitFigures.Dimensions)}.",
                ("allowed", CockpitFigures.Dimensions.ToArray()));
            var period = PeriodOf(from, to, errors);
            errors.ThrowIfAny();
            return Results.Ok(new { by, rows = await CockpitFigures.Breakdown(store, by!, period, cancellationToken) });
        }).WithSummary("Counts and amounts by region, IPC section, institution, enterprise or month");

        cockpit.MapGet("/deals", async (string? stage, bool? stuck, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var errors = new FieldErrors();
            errors.Check(stage is null || DealStage.All.Contains(stage), "stage", FieldCodes.NotAllowedValue, $"One of: {string.Join(", ", DealStage.All)}.", ("allowed", DealStage.All.ToArray()));
            errors.ThrowIfAny();
            return Results.Ok(await DealRows.Find(store, new DealFilter(stage, stuck), cancellationToken));
        }).Produces<IReadOnlyList<DealRow>>().WithSummary("Deals in a stage, or stuck past their deadlines (stuck=true)");

        cockpit.MapGet("/listings/{listingId}", async (string listingId, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            await using var session = store.Marten.QuerySession();
            var listing = await session.LoadAsync<ListingView>(Facts.Facts.ListingStream(listingId), cancellationToken);
            if (listing is not { Published: true })
            {
                throw new NotFoundException("listing", listingId);
            }

            var deals = await DealRows.Find(store, new DealFilter(ListingId: listingId), cancellationToken);
            return Results.Ok(new { listing, deals });
        }).WithSummary("A listing as the cockpit knows it, with its deals");

        cockpit.MapGet("/auctions/{auctionId}", async (string auctionId, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            await using var session = store.Marten.QuerySession();
            var auction = await session.LoadAsync<AuctionView>(Facts.Facts.AuctionStream(auctionId), cancellationToken) ?? throw new NotFoundException("auction", auctionId);
            return Results.Ok(auction);
        }).Produces<AuctionView>().WithSummary("An auction as the cockpit knows it: bids heard, outcome");
    }

    public static Period PeriodOf(DateTimeOffset? from, DateTimeOffset? to, FieldErrors? errors = null)
    {
        var own = errors ?? new FieldErrors();
        own.Check(from is null || to is null || from < to, "to", "query.range-reversed", "The end of the period must be after its start.", ("min", from));
        if (errors is null)
        {
            own.ThrowIfAny();
        }

        return new Period(from, to);
    }
}
