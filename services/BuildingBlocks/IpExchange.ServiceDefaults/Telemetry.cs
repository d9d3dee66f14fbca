using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// OpenTelemetry in every process: traces from ASP.NET Core, HttpClient (the gateway's YARP forwards
/// through it), MassTransit, Npgsql and the project's own sources; metrics of the same plus the
/// runtime; logs. Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (deploy/run.sh
/// points it at the Aspire dashboard, compose and Kubernetes at a collector); otherwise nothing of
/// OpenTelemetry runs at all, unless <c>Telemetry:Enabled=true</c> asks for it (tests add their own
/// in-memory exporter). <c>Telemetry:Enabled=false</c> turns it off even with an endpoint.
/// </summary>
public static class Telemetry
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Sources by name, so that the gateway references neither Npgsql nor MassTransit: both emit
    /// through System.Diagnostics under these names (Npgsql.OpenTelemetry's AddNpgsql() adds exactly "Npgsql").
    /// </summary>
    public static readonly string[] ActivitySources = ["IpExchange.*", "MassTransit", "Npgsql", "Yarp.ReverseProxy"];

    public static readonly string[] Meters = ["IpExchange.*", "MassTransit", "Npgsql"];

    /// <summary>Seconds buckets for the project's lag and latency histograms: 1 ms to 10 minutes.</summary>
    public static readonly IReadOnlyList<double> SecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>On when an OTLP endpoint is configured or <c>Telemetry:Enabled</c> is true; <c>Telemetry:Enabled=false</c> wins.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>($"{Section}:Enabled") ?? !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>
    /// Registers the tracer, meter and logger providers. <c>Telemetry:Instance</c> names the process
    /// among the replicas of its service (the dashboard shows <c>listing-2</c>); a random id otherwise.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var configuration = builder.Configuration;
        if (!IsEnabled(configuration))
        {
            return builder;
        }

        var instance = configuration[$"{Section}:Instance"];
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName,
                serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString(),
                autoGenerateServiceInstanceId: string.IsNullOrWhiteSpace(instance),
                serviceInstanceId: string.IsNullOrWhiteSpace(instance) ? null : instance))
            .WithTracing(tracing => tracing
                .AddSource(ActivitySources)
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Probes every few seconds from YARP, Kubernetes and the gateway's /health/system
                    // would bury the deals; their children (the PostgreSQL check) are dropped with them.
                    options.Filter = http => !IsProbe(http.Request.Path);
                    options.RecordException = true;
                })
                .AddHttpClientInstrumentation(options =>
                {
                    // YARP's active health checks and /health/system's fan-out call /health/ready.
                    options.FilterHttpRequestMessage = request => request.RequestUri is not { } uri || !IsProbe(uri.AbsolutePath);
                    options.RecordException = true;
                }))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(logging => { }, options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });

        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Endpoint, protocol, headers and timeout from the standard OTEL_EXPORTER_OTLP_* settings.
            otel.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Health probes: <c>/health/live</c>, <c>/health/ready</c> (not the gateway's <c>/health/system</c>, which an operator asks for).</summary>
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments(ServiceDefaultsSetup.LivePath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ServiceDefaultsSetup.ReadyPath, StringComparison.OrdinalIgnoreCase);

    private static bool IsProbe(string path) => IsProbe(new PathString(path));
}

/// <summary>
/// Requests a business rule refused (422 with a rule code: a bid below the increment, a listing
/// already taken), counted by rule and route: <c>ipx.requests.refused</c>. With the events counted
/// as they commit (IpExchange.EventStore), accepted and refused bids sit side by side.
/// </summary>
public static class RefusalMetrics
{
    public const string MeterName = "IpExchange.Requests";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Refused = Meter.CreateCounter<long>(
        "ipx.requests.refused", "{request}", "Requests refused by a business rule (422), by rule code and route.");

    /// <summary>Counts a problem answer that names a broken rule; other problems are not refusals of the business.</summary>
    public static void Record(HttpContext http, int? status, object? rule)
    {
        if (status != StatusCodes.Status422UnprocessableEntity || rule is not string { Length: > 0 } code)
        {
            return;
        }

        // The exception handler clears the request's endpoint before it runs; the feature keeps the original.
        var endpoint = http.GetEndpoint() ?? http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint;
        var route = (endpoint as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "";
        Refused.Add(1, new TagList { { "rule", code }, { "http.route", route } });
    }
}
