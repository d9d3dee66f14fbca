namespace IpExchange.Monitoring.Rebuilding;

public static class RebuildEndpoints
{
    public static void Map(RouteGroupBuilder cockpit) =>
        cockpit.MapPost("/rebuild", async (ReadModelRebuild rebuild, CancellationToken cancellationToken) =>
            Results.Ok(await rebuild.Run(cancellationToken)))
            .WithSummary("Empty the read models and replay every fact through the projections");
}
