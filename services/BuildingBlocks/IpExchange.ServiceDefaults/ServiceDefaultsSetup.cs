using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace IpExchange.ServiceDefaults;

/// <summary>The HTTP plumbing every IpExchange service shares; services keep only their slices.</summary>
public static class ServiceDefaultsSetup
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>Request bodies above this are refused with 413 unless <c>Kestrel:Limits:MaxRequestBodySize</c> says otherwise.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>
    /// JSON console logs with trace ids, OpenTelemetry (<see cref="Telemetry"/>), problem details for
    /// every failure, correlation ids, health checks (the event store and the bus add theirs), OpenAPI
    /// and the JSON conventions.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var services = builder.Services;

        AddJsonLogs(builder);
        builder.AddTelemetry(serviceName);

        var maxBody = builder.Configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? DefaultMaxRequestBodySize;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);

        services.ConfigureHttpJsonOptions(options => JsonPolicy.Apply(options.SerializerOptions));

        // Binding failures throw, so that they reach the exception handler and get a problem body
        // with the reason instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= $"{http.Request.Method} {http.Request.Path}";
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
            context.ProblemDetails.Extensions["correlationId"] = http.CorrelationIdText();
            RefusalMetrics.Record(http, context.ProblemDetails.Status, context.ProblemDetails.Extensions.TryGetValue("rule", out var rule) ? rule : null);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy($"{serviceName} is running."), [HealthTags.Live]);

        services.AddOpenApi(options => ApiDocument.Configure(options, serviceName));

        return builder;
    }

    /// <summary>
    /// The shared middleware (correlation id, exception handler, problem bodies for bare error
    /// statuses) and endpoints (<c>/health/live</c>, <c>/health/ready</c>, <c>/openapi/v1.json</c>).
    /// Call first, before authentication and the service's endpoints.
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SafeRequestTextMiddleware>();
        app.UseMiddleware<NotModifiedMiddleware>();

        app.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Live),
            ResponseWriter = HealthResponse.Write,
        }).AllowAnonymous().DisableHttpMetrics();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponse.Write,
        }).AllowAnonymous().DisableHttpMetrics();

        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Routing placed by the service itself, after <see cref="MapServiceDefaults"/>, where a middleware must
    /// see the request before routing (the Identity service's development token rewrite). The route values
    /// exist only once routing has run: their control-character check follows it here (the one in
    /// <see cref="MapServiceDefaults"/> ran before them and saw the query only).
    /// </summary>
    public static WebApplication UseServiceRouting(this WebApplication app)
    {
        app.UseRouting();
        app.UseMiddleware<SafeRequestTextMiddleware>();
        return app;
    }

    private static void AddJsonLogs(WebApplicationBuilder builder)
    {
        // Defaults first, then the Logging:Console section again, so that configuration still wins
        // (e.g. FormatterName "simple" on a developer's machine).
        builder.Logging.AddConsole();
        // Every line written inside a request, a relay publish or a consumer carries its trace and
        // span ids (in the scopes), so a log line leads to its trace in the dashboard and back.
        builder.Logging.Configure(options => options.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.PostConfigure<ConsoleLoggerOptions>(options =>
        {
            if (string.IsNullOrEmpty(options.FormatterName))
            {
                options.FormatterName = ConsoleFormatterNames.Json;
            }
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(builder.Configuration.GetSection("Logging:Console:FormatterOptions"));
    }
}
