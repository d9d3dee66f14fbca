using System.Text.Json;

namespace IpExchange.Monitoring.Audit;

/// <summary>What a source service says of its own stream behind the deal: intact, broken, or why it could not be asked.</summary>
public sealed record SourceCheck(string Service, string Stream, string Status, long? EventsChecked, string? HeadHash, string? Detail);

/// <summary>
/// Asks the services that own a deal's streams for their hash-chain verification over HTTP, with the
/// caller's own token (the endpoints are for exchange staff). Addresses come from <c>Services:{name}</c>,
/// else from the gateway's cluster address that deploy/run.sh exports to every process.
/// </summary>
public sealed class SourceEvidence(IHttpClientFactory clients, IConfiguration configuration)
{
    public const string Client = "evidence";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public Uri? AddressOf(string service)
    {
        var address = configuration[$"Services:{service}"] ?? configuration[$"ReverseProxy:Clusters:{service}:Destinations:d1:Address"];
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null;
    }

    public async Task<SourceCheck> Check(string service, string stream, string path, string? authorization, CancellationToken cancellationToken)
    {
        var address = AddressOf(service);
        if (address is null)
        {
            return new SourceCheck(service, stream, "not-configured", null, null, $"Services:{service} is not configured.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(Client).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return new SourceCheck(service, stream, "unavailable", null, null, $"The {service} service answered {(int)response.StatusCode}.");
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            var verification = body.RootElement.TryGetProperty("verification", out var v) ? v : body.RootElement;
            if (!verification.TryGetProperty("isIntact", out var intact) || intact.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return new SourceCheck(service, stream, "unknown", null, null, "The answer carries no verification.");
            }

            return new SourceCheck(service, stream, intact.GetBoolean() ? "intact" : "broken",
                verification.TryGetProperty("eventsChecked", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : null,
                verification.TryGetProperty("headHash", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null,
                verification.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);
        }
        catch (HttpRequestException e)
        {
            return new SourceCheck(service, stream, "unavailable", null, null, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SourceCheck(service, stream, "unavailable", null, null, $"No answer within {Timeout.TotalSeconds:0} s.");
        }
    }
}
