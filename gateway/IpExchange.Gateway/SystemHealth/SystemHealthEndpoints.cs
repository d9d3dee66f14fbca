using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using IpExchange.ServiceDefaults;
using Yarp.ReverseProxy;

namespace IpExchange.Gateway.SystemHealth;

/// <summary>The <c>SystemHealth</c> section.</summary>
public sealed class SystemHealthOptions
{
    public const string Section = "SystemHealth";

    /// <summary>How long one service may take to answer its <c>/health/ready</c>.</summary>
    public double TimeoutSeconds { get; set; } = 3;
}

public sealed record DestinationHealth(string Name, string Address, string Status, int? HttpStatus, double DurationMs, string? Error, JsonElement? Report);

/// <param name="Checks">Each readiness check of the service (postgresql, masstransit-bus, outbox-relay, outbox) at its worst across the destinations.</param>
public sealed record ServiceHealth(string Name, string Status, IReadOnlyDictionary<string, string> Checks, IReadOnlyList<DestinationHealth> Destinations);

/// <summary>A service's outbox as its replicas report it (they share one schema): depth, oldest age, how many relays lead.</summary>
public sealed record OutboxHealth(string Service, string Status, long Depth, double OldestAgeSeconds, int RelayLeaders);

/// <param name="Checks">Each kind of check at its worst across every service: is PostgreSQL, RabbitMQ, a relay, an outbox in trouble anywhere.</param>
public sealed record SystemHealthReport(string Status, double TotalDurationMs, IReadOnlyDictionary<string, string> Checks,
    IReadOnlyList<OutboxHealth> Outboxes, IReadOnlyList<ServiceHealth> Services);

/// <param name="Deployed">False while the service's cluster has no destination: the link answers 503 then.</param>
public sealed record ServiceDocument(string Service, string Url, bool Deployed);

/// <summary>
/// <c>GET /health/system</c>: every cluster destination's <c>/health/ready</c> in one answer, 503
/// when a service that has destinations is down, Degraded (200) when one is degraded (an outbox whose
/// oldest message waits too long), with a summary of the checks (PostgreSQL, RabbitMQ, the relays,
/// the outboxes) across the services. A cluster without destinations (a service not
/// deployed yet) is listed as <c>NotConfigured</c> and does not fail the whole.
/// <c>GET /openapi/services</c>: the links to each service's OpenAPI document through the gateway.
/// </summary>
public static class SystemHealthEndpoints
{
    public const string HttpClientName = "system-health";
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";
    public const string Unhealthy = "Unhealthy";
    public const string NotConfigured = "NotConfigured";

    public static WebApplicationBuilder AddSystemHealth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SystemHealthOptions.Section).Get<SystemHealthOptions>() ?? new SystemHealthOptions();
        builder.Services.AddHttpClient(HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        });
        return builder;
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/health/system", Report).AllowAnonymous().WithTags("Health");
        app.MapGet("/openapi/services", Documents).AllowAnonymous().WithTags("OpenAPI");
    }

    private static async Task<IResult> Report(IProxyStateLookup proxy, IHttpClientFactory clients, HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var client = clients.CreateClient(HttpClientName);
        var services = await Task.WhenAll(proxy.GetClusters()
            .OrderBy(c => c.ClusterId, StringComparer.Ordinal)
            .Select(async cluster =>
            {
                var destinations = await Task.WhenAll(cluster.Destinations
                    .OrderBy(d => d.Key, StringComparer.Ordinal)
                    .Select(d => Probe(client, d.Key, d.Value.Model.Config.Health ?? d.Value.Model.Config.Address, http)));
                // A service is as well as its best destination: the gateway routes around the others.
                var status = destinations.Length == 0 ? NotConfigured : destinations.Select(d => d.Status).MinBy(Severity)!;
                return new ServiceHealth(cluster.ClusterId, status, WorstChecks(destinations.Select(d => d.Report)), destinations);
            }));

        var overall = services.Where(s => s.Status != NotConfigured).Select(s => s.Status).Append(Healthy).MaxBy(Severity)!;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(
            new SystemHealthReport(overall, Elapsed(started), WorstChecks(services.SelectMany(s => s.Destinations).Select(d => d.Report)),
                services.Select(Outbox).OfType<OutboxHealth>().ToList(), services),
            statusCode: overall == Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static int Severity(string status) => status switch
    {
        Healthy => 0,
        Degraded => 1,
        _ => 2,
    };

    /// <summary>The checks of the reports by name, each at its worst.</summary>
    private static Dictionary<string, string> WorstChecks(IEnumerable<JsonElement?> reports)
    {
        var worst = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var check in reports.SelectMany(Checks))
        {
            var name = check.GetProperty("name").GetString() ?? "";
            var status = check.GetProperty("status").GetString() ?? Unhealthy;
            if (!worst.TryGetValue(name, out var seen) || Severity(status) > Severity(seen))
            {
                worst[name] = status;
            }
        }

        return worst;
    }

    /// <summary>The service's outbox from its destinations' <c>outbox</c> and <c>outbox-relay</c> checks (the largest figures: replicas read the same table moments apart).</summary>
    private static OutboxHealth? Outbox(ServiceHealth service)
    {
        var checks = service.Destinations.SelectMany(d => Checks(d.Report)).ToList();
        var outboxes = checks.Where(c => c.GetProperty("name").GetString() == "outbox").ToList();
        if (outboxes.Count == 0)
        {
            return null;
        }

        static double Figure(JsonElement check, string name) =>
            check.TryGetProperty("data", out var data) && data.TryGetProperty(name, out var value) && value.TryGetDouble(out var number) ? number : 0;

        var leaders = checks.Count(c => c.GetProperty("name").GetString() == "outbox-relay"
                                        && c.TryGetProperty("data", out var data) && data.TryGetProperty("leader", out var leader) && leader.ValueKind == JsonValueKind.True);
        return new OutboxHealth(
            service.Name,
            service.Checks.GetValueOrDefault("outbox", Unhealthy),
            (long)outboxes.Max(c => Figure(c, "depth")),
            outboxes.Max(c => Figure(c, "oldestAgeSeconds")),
            leaders);
    }

    private static IEnumerable<JsonElement> Checks(JsonElement? report) =>
        report is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Array
            ? checks.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("name", out _) && c.TryGetProperty("status", out _))
            : [];

    private static async Task<DestinationHealth> Probe(HttpClient client, string name, string address, HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var url = new Uri(new Uri(address.EndsWith('/') ? address : address + "/"), ServiceDefaultsSetup.ReadyPath.TrimStart('/'));
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation(CorrelationMiddleware.HeaderName, http.CorrelationId().ToString());
            using var response = await client.SendAsync(request, http.RequestAborted);
            var body = await response.Content.ReadAsStringAsync(http.RequestAborted);
            JsonElement? report = null;
            try
            {
                report = JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException)
            {
                // A non-JSON answer still counts by its status code.
            }

            // The service's own verdict (Healthy, Degraded) when it gave one; a failure status is Unhealthy whatever the body says.
            var status = !response.IsSuccessStatusCode ? Unhealthy
                : report is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("status", out var given) && given.GetString() == Degraded ? Degraded
                : Healthy;
            return new DestinationHealth(name, address, status, (int)response.StatusCode, Elapsed(started), null, report);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            var why = e is TaskCanceledException && !http.RequestAborted.IsCancellationRequested ? "No answer within the timeout." : e.Message;
            return new DestinationHealth(name, address, Unhealthy, null, Elapsed(started), why, null);
        }
    }

    private static IResult Documents(IProxyStateLookup proxy)
    {
        var deployed = proxy.GetClusters().Where(c => !c.Destinations.IsEmpty).Select(c => c.ClusterId).ToHashSet(StringComparer.Ordinal);
        // A route to a service's document is one whose path is /openapi/{service}/v1.json.
        var documents = proxy.GetRoutes()
            .Select(r => (Cluster: r.Config.ClusterId, Path: r.Config.Match.Path))
            .Where(r => r.Cluster is not null && r.Path is not null
                && r.Path.StartsWith("/openapi/", StringComparison.Ordinal)
                && r.Path.EndsWith("/v1.json", StringComparison.Ordinal))
            .OrderBy(r => r.Cluster, StringComparer.Ordinal)
            .Select(r => new ServiceDocument(r.Cluster!, r.Path!, deployed.Contains(r.Cluster!)))
            .ToList();
        return Results.Ok(new { gateway = "/openapi/v1.json", services = documents });
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
}
