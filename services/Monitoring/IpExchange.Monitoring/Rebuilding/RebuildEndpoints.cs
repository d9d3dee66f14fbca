namespace IpExchange.Monitoring.Rebuilding;

public static class RebuildEndpoints
{
    public static void Map(RouteGroupBuilder cockpit) =>
        cockpit.MapPost("/rebuild", async (ReadModelRebuild rebuild, CancellationToken cancellationToken) =>
            Results.Ok(await rebuild.Run(pauseRunningDaemon: true, cancellationToken)))
            .Produces<RebuildResult>().WithSummary("Rebuild every cockpit document from the facts through Marten's projection rebuild");
}
