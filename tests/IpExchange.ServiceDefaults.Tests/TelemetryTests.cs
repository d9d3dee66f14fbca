using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IpExchange.ServiceDefaults.Tests;

/// <summary>The service defaults' OpenTelemetry: on with an endpoint (or Telemetry:Enabled), off otherwise; what it traces and counts.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Without_an_OTLP_endpoint_no_OpenTelemetry_runs_but_log_lines_still_carry_trace_ids()
    {
        await using var service = await LoopbackService.Start(app => app.MapGet("/hello", () => "hi"), settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
        });

        Assert.Null(service.Services.GetService<TracerProvider>());
        Assert.Null(service.Services.GetService<MeterProvider>());
        var tracking = service.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId));
    }

    [Fact]
    public async Task Requests_are_traced_and_timed_probes_are_not_and_a_broken_rule_is_counted_by_rule_and_route()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var service = await LoopbackService.Start(
            app =>
            {
                app.MapGet("/hello", () => "hi");
                app.MapPost("/auctions/{id}/bids", (string id) =>
                {
                    throw new DomainRuleViolationException("bid.below-increment", "amount", $"A bid on {id} must be at least 100 above the current price.");
                });
            },
            builder => builder.Services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)),
            new Dictionary<string, string?> { ["Telemetry:Enabled"] = "true" });

        Assert.Equal(System.Net.HttpStatusCode.OK, (await service.Client.GetAsync(new Uri("/hello", UriKind.Relative))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await service.Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await service.Client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(422, (int)(await service.Client.PostAsync(new Uri("/auctions/PM1/bids", UriKind.Relative), null)).StatusCode);

        service.Services.GetRequiredService<TracerProvider>().ForceFlush();
        service.Services.GetRequiredService<MeterProvider>().ForceFlush();

        lock (spans)
        {
            Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/hello");
            var refused = Assert.Single(spans, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/auctions/{id}/bids");
            Assert.Equal(422, refused.GetTagItem("http.response.status_code"));
            Assert.DoesNotContain(spans, s => (s.GetTagItem("url.path") as string)?.StartsWith("/health/", StringComparison.Ordinal) == true);
        }

        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");
        var counted = metrics.Where(m => m.Name == "ipx.requests.refused").SelectMany(Points).ToList();
        Assert.Contains(counted, p => p.Tags["rule"] == "bid.below-increment" && p.Tags["http.route"] == "/auctions/{id}/bids" && p.Sum >= 1);
    }

    private static IEnumerable<(IReadOnlyDictionary<string, string?> Tags, long Sum)> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value?.ToString();
            }

            yield return (tags, point.GetSumLong());
        }
    }
}
