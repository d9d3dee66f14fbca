using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// Tags that split the checks: <c>live</c> says the process answers (restart it if not), <c>ready</c>
/// says its dependencies answer (send it traffic). MassTransit tags its bus check "ready" itself.
/// </summary>
public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}

internal static class HealthResponse
{
    /// <summary>
    /// <c>{"status":"Unhealthy","totalDurationMs":12.3,"checks":[{"name":…,"status":…,"description":…,"durationMs":…,"data":{…}}]}</c>;
    /// the status code (200, or 503 when unhealthy) is set by the health-check middleware. <c>data</c>
    /// carries a check's figures (the outbox's depth and oldest age, whether the relay leads), so that
    /// the gateway's <c>/health/system</c> can summarise them.
    /// </summary>
    public static async Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("totalDurationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description ?? entry.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            if (entry.Data.Count > 0)
            {
                json.WritePropertyName("data");
                // Through an element: serializing straight into the writer would flush it synchronously.
                JsonSerializer.SerializeToElement(entry.Data).WriteTo(json);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
