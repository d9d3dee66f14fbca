using System.Text.Json;
using Xunit.Abstractions;

namespace IpExchange.SystemTesting;

/// <summary>
/// The system as deploy/run.sh runs it with telemetry: every process exports OTLP to the Aspire
/// dashboard (started from its package, as run.sh does), metrics also to a receiver of the test's
/// own, since the dashboard's API serves traces and logs only.
/// </summary>
public sealed class TelemetryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly System.Diagnostics.Stopwatch _clock = new();

    /// <summary>Where the time goes (the test is one of the suite's longest): each phase's end, in seconds since the start.</summary>
    private void Phase(string what) => output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    [Fact]
    public async Task An_auction_bid_that_closes_into_a_deal_is_one_trace_from_the_gateway_through_the_relay_into_every_consumer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        var logs = Path.Combine(Path.GetTempPath(), "ipx-system", $"telemetry-{Guid.NewGuid():N}"[..22]);
        using var metrics = new OtlpMetricsReceiver();
        _clock.Start();
        // The dashboard starts beside the system (its endpoints are chosen up front): a deal's trace is
        // only looked for once both are ready.
        await using var dashboard = AspireDashboard.Launch(logs);
        await using var system = await SystemUnderTest.Start(new SystemOptions
        {
            Replicas = 1,
            QuorumQueues = false,
            LogDirectory = logs,
            OtlpEndpoint = dashboard.OtlpEndpoint,
            OtlpMetricsEndpoint = metrics.Endpoint,
        }, ct);
        await dashboard.WaitReady(ct);
        Phase("dashboard and system started");
        try
        {
            await Run(system, dashboard, metrics, ct);
        }
        catch
        {
            output.WriteLine(system.LogTails(25));
            output.WriteLine("--- dashboard\n" + string.Join('\n', dashboard.ReadLog().Split('\n').TakeLast(20)));
            throw;
        }
    }

    private async Task Run(SystemUnderTest system, AspireDashboard dashboard, OtlpMetricsReceiver metrics, CancellationToken ct)
    {
        using var client = new ExchangeClient(system.GatewayAddress);
        await client.SignInAll(ct);
        var workload = new DealWorkload(client);
        var bidder = DemoUsers.Enterprises[0];

        // An auction whose every bid falls in the soft-close window: the bid moves the close, so the
        // close (a durable timer) fires in the bid's trace and strikes the deal there.
        var terms = DealWorkload.Terms("Assignment", "Auction", "Bidding", 500_000m);
        terms["reservePrice"] = 500_000m;
        var listingId = await workload.Publish(DemoUsers.Universities[1], terms, ct);
        await workload.InCatalogue(listingId, ct);
        var now = DateTimeOffset.UtcNow;
        var auctionId = (await client.Post(DemoUsers.Exchange, "/api/auctions", new
        {
            listingId, startsAt = now.AddSeconds(-1), endsAt = now.AddSeconds(8), startingPrice = 500_000m, increment = 1_000m, deposit = 50_000m,
            softCloseWindowSeconds = 600, softCloseExtensionSeconds = 2,
        }, ct)).Expect(201, "scheduling the auction").GetProperty("id").GetString()!;
        (await client.Post(bidder, $"/api/auctions/{auctionId}/registrations", new { depositReference = $"保证金-{auctionId}" }, ct)).Expect(200, "registering");
        var refused = await client.Post(bidder, $"/api/auctions/{auctionId}/bids", new { amount = 400_000m }, ct);
        Assert.Equal(422, refused.Status);
        Assert.NotNull(refused.Rule);
        var bid = (await client.Post(bidder, $"/api/auctions/{auctionId}/bids", new { amount = 501_000m }, ct)).Expect(200, "bidding");
        Assert.True(bid.GetProperty("endsAt").GetDateTimeOffset() > now.AddSeconds(8), $"the bid did not move the close: {bid}");

        var dealId = $"DEAL-{auctionId}";
        await DealWorkload.Until(async () =>
            (await client.Get(DemoUsers.Exchange, $"/api/auctions/{auctionId}", ct)).Body is { ValueKind: JsonValueKind.Object } room
            && room.GetProperty("status").GetString() == "Closed", $"auction {auctionId} to close", Patience, ct);
        await workload.Settled(dealId, listingId, "Reserved", ct);
        Phase("auction closed into a deal");

        // The bid as the gateway served it: its trace id is the deal's.
        var bidPath = $"/api/auctions/{auctionId}/bids";
        DashboardSpan? edge = null;
        await DealWorkload.Until(async () =>
        {
            edge = (await dashboard.Spans("gateway", 2000, ct)).FirstOrDefault(s =>
                s.Kind == DashboardSpan.Server && s.Attribute("url.path") == bidPath && s.Attribute("http.response.status_code") == "200");
            return edge is not null;
        }, "the gateway's span of the bid in the dashboard", Patience, ct);
        Phase("the bid's span in the dashboard");

        // Every part of the deal's way, in the one trace, each hanging (through its parents) from the gateway's span.
        var required = new (string What, Func<DashboardSpan, bool> Is)[]
        {
            ("Matching's bid endpoint", s => s.Service == "matching" && s.Kind == DashboardSpan.Server && s.Attribute("http.route") == "/api/auctions/{id}/bids"),
            ("Matching's auction close (the timer the bid moved)", s => s.Service == "matching" && s.Name == "timer auction-close"),
            ("Matching's relay publishing DealStruck", s => s.Service == "matching" && s.Name == "outbox relay DealStruck"),
            ("MassTransit's publish of DealStruck", s => s.Service == "matching" && s.Scope == "MassTransit" && s.Kind != DashboardSpan.Consumer && Mentions(s, "DealStruck")),
            ("Listing's DealStruck consumer", s => s.Service == "listing" && s.Kind == DashboardSpan.Consumer && Mentions(s, "DealStruck")),
            ("Contract's DealStruck consumer", s => s.Service == "contract" && s.Kind == DashboardSpan.Consumer && Mentions(s, "DealStruck")),
            ("Monitoring's DealStruck consumer", s => s.Service == "monitoring" && s.Kind == DashboardSpan.Consumer && Mentions(s, "DealStruck")),
            ("Contract's relay publishing the drafted agreement", s => s.Service == "contract" && s.Name.StartsWith("outbox relay ", StringComparison.Ordinal)),
            ("PostgreSQL commands of the bid", s => s.Service == "matching" && s.Scope == "Npgsql"),
        };
        IReadOnlyList<DashboardSpan> trace = [];
        await Eventually(async () =>
        {
            trace = await dashboard.Trace(edge!.TraceId, ct);
            return required.All(r => trace.Any(r.Is));
        }, "every part of the deal in the bid's trace",
            () => $"Missing from trace {edge!.TraceId}: {string.Join(", ", required.Where(r => !trace.Any(r.Is)).Select(r => r.What))}\nSpans:\n{string.Join('\n', trace)}", ct);

        Phase("the whole trace in the dashboard");
        var byId = trace.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var root = Assert.Single(trace, s => s.ParentSpanId is null);
        Assert.Equal(edge!.SpanId, root.SpanId);
        foreach (var (what, isIt) in required)
        {
            var span = trace.First(isIt);
            for (var hops = 0; span.ParentSpanId is { } parent; hops++)
            {
                Assert.True(byId.TryGetValue(parent, out var up) && hops < 100, $"{what} ({span}) does not hang from the gateway's span: parent {parent} is not in the trace");
                span = up!;
            }

            Assert.Equal(root.SpanId, span.SpanId);
        }

        output.WriteLine($"Trace {edge.TraceId}: {trace.Count} spans from {string.Join(", ", trace.Select(s => s.Service).Distinct().Order(StringComparer.Ordinal))}");

        // Logs carry the trace: in the dashboard, and in the JSON console lines (scopes) of the consumer's process.
        await DealWorkload.Until(async () => (await dashboard.Logs(edge.TraceId, ct)).Any(l => l.Service == "matching"),
            "a log line of the bid's trace in the dashboard", Patience, ct);
        Assert.Contains(system.ReplicasOf("matching")[0].LogTail(100_000).Split('\n'), line => line.Contains(edge.TraceId, StringComparison.Ordinal));

        Phase("the trace's logs");

        // The metrics the operator reads, exported by the processes themselves.
        var expected = new (string What, Func<ExportedPoint, bool> Is)[]
        {
            ("request latencies at the gateway", p => p.Service == "gateway" && p.Metric == "http.server.request.duration" && p.Value > 0),
            ("listings submitted", p => p.Service == "listing" && Counted(p, "ipx.events.appended", "event.type", "ListingSubmitted")),
            ("listings approved", p => p.Service == "listing" && Counted(p, "ipx.events.appended", "event.type", "ListingApproved")),
            ("bids accepted", p => p.Service == "matching" && Counted(p, "ipx.events.appended", "event.type", "BidPlaced")),
            ("bids refused", p => p.Service == "matching" && Counted(p, "ipx.requests.refused", "rule", refused.Rule!) && p.Attributes.GetValueOrDefault("http.route") == "/api/auctions/{id}/bids"),
            ("deals struck", p => p.Service == "matching" && Counted(p, "ipx.messages.outboxed", "message.type", "DealStruck")),
            ("agreements drafted", p => p.Service == "contract" && Counted(p, "ipx.events.appended", "event.type", "AgreementDraftedFromDeal")),
            ("relay lag", p => p.Service == "matching" && Counted(p, "ipx.outbox.relay.lag", "message.type", "DealStruck")),
            ("consumer lag", p => p.Service == "contract" && Counted(p, "ipx.consumer.lag", "consumer", "contract-deal-struck")),
            ("outbox depth", p => p.Service == "matching" && p.Metric == "ipx.outbox.depth"),
            ("outbox oldest age", p => p.Service == "matching" && p.Metric == "ipx.outbox.oldest_age"),
            ("timer backlog", p => p.Service == "matching" && p.Metric == "ipx.timers.due"),
            ("MassTransit's consumer metrics", p => p.Service == "listing" && p.Metric.StartsWith("messaging.masstransit.", StringComparison.Ordinal)),
        };
        await Eventually(() => Task.FromResult(expected.All(e => metrics.Points.Any(e.Is))), "every metric exported",
            () => $"Not exported: {string.Join(", ", expected.Where(e => !metrics.Points.Any(e.Is)).Select(e => e.What))}\n" +
                  $"Exported: {string.Join(' ', metrics.Points.Select(p => $"{p.Service}:{p.Metric}").Distinct().Order(StringComparer.Ordinal))}", ct);
        Phase("every metric exported");
    }

    /// <summary>Polls until the condition holds; on time-out, says what is missing.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, string what, Func<string> missing, CancellationToken ct)
    {
        try
        {
            await DealWorkload.Until(condition, what, Patience, ct);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{missing()}", e);
        }
    }

    private static bool Mentions(DashboardSpan span, string text) =>
        span.Name.Contains(text, StringComparison.Ordinal) || span.Attributes.Values.Any(v => v.Contains(text, StringComparison.Ordinal));

    private static bool Counted(ExportedPoint point, string metric, string attribute, string value) =>
        point.Metric == metric && point.Attributes.GetValueOrDefault(attribute) == value && point.Value >= 1;
}
