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

public sealed record ServiceHealth(string Name, string Status, IReadOnlyList<DestinationHealth> Destinations);

public sealed record SystemHealthReport(string Status, double TotalDurationMs, IReadOnlyList<ServiceHealth> Services);

/// <param name="Deployed">False while the service's cluster has no destination: the link answers 503 then.</param>
public sealed record ServiceDocument(string Service, string Url, bool Deployed);

/// <summary>
/// <c>GET /health/system</c>: every cluster destination's <c>/health/ready</c> in one answer, 503
/// when a service that has destinations is down. A cluster without destinations (a service not
/// deployed yet) is listed as <c>NotConfigured</c> and does not fail the whole.
/// <c>GET /openapi/services</c>: the links to each service's OpenAPI document through the gateway.
/// </summary>
public static class SystemHealthEndpoints
{
    public const string HttpClientName = "system-health";
    public const string Healthy = "Healthy";
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
                var status = destinations.Length == 0 ? NotConfigured
                    : destinations.Any(d => d.Status == Healthy) ? Healthy
                    : Unhealthy;
                return new ServiceHealth(cluster.ClusterId, status, destinations);
            }));

        var overall = services.Any(s => s.Status == Unhealthy) ? Unhealthy : Healthy;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(
            new SystemHealthReport(overall, Elapsed(started), services),
            statusCode: overall == Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

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

            return new DestinationHealth(name, address, response.IsSuccessStatusCode ? Healthy : Unhealthy, (int)response.StatusCode, Elapsed(started), null, report);
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
