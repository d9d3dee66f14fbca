using System.Net;
using System.Text.Json;
using static IpExchange.Gateway.Tests.Edge;

namespace IpExchange.Gateway.Tests;

/// <summary>The OpenAPI documents as an integrator reads them through the gateway, and the interactive reference.</summary>
[Collection("edge")]
public sealed class ApiDocumentTests(Edge edge)
{
    [Fact]
    public async Task A_services_document_through_the_gateway_lists_only_what_the_gateway_serves()
    {
        using var gateway = edge.As(null);
        using var direct = new HttpClient { BaseAddress = edge.Listing.Address };

        var own = JsonDocument.Parse(await direct.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;
        var served = JsonDocument.Parse(await gateway.GetStringAsync(new Uri("/openapi/listing/v1.json", UriKind.Relative))).RootElement;

        // The evidence endpoint is for the Monitoring service inside: no gateway route leads to it.
        Assert.True(own.GetProperty("paths").TryGetProperty("/api/evidence/streams/{streamId}", out _));
        Assert.False(served.GetProperty("paths").TryGetProperty("/api/evidence/streams/{streamId}", out _));
        Assert.True(served.GetProperty("paths").TryGetProperty("/api/listings/{id}/submit", out _));
        Assert.Equal("/", served.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.Equal("bearer", served.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());

        // The statuses an integrator must handle, with the problem schema, enums by name, required fields.
        var draft = served.GetProperty("paths").GetProperty("/api/listings").GetProperty("post");
        Assert.Equal(["201", "400", "401", "403", "409", "412", "413", "415", "422", "429"], draft.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal("#/components/schemas/Problem",
            draft.GetProperty("responses").GetProperty("400").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        var edit = served.GetProperty("paths").GetProperty("/api/listings/{id}").GetProperty("put");
        Assert.Contains("428", edit.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        var ifMatch = edit.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "If-Match");
        Assert.True(ifMatch.GetProperty("required").GetBoolean());
        var schemas = served.GetProperty("components").GetProperty("schemas");
        var terms = schemas.GetProperty("ListingTermsRequest");
        Assert.Contains("dealKind", terms.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("openLicenceFee", terms.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("OpenLicence", schemas.GetProperty("DealKind").GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null));
        var read = served.GetProperty("paths").GetProperty("/api/listings/{id}").GetProperty("get");
        Assert.Contains("304", read.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        Assert.True(read.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
    }

    [Fact]
    public async Task The_interactive_api_reference_is_served_through_the_gateway_without_signing_in()
    {
        using var client = edge.As(null);

        var page = await client.GetAsync(new Uri("/api-reference/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        // Relative to the gateway's root: /openapi/listing/v1.json, the rewritten document.
        Assert.Contains("\"url\":\"openapi/listing/v1.json\"", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'unsafe-inline'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var script = System.Text.RegularExpressions.Regex.Match(html, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(script.StartsWith("http", StringComparison.OrdinalIgnoreCase), $"the reference's script comes from the gateway, not {script}");
        var js = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/api-reference/"), script));
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
    }
}
