using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static IpExchange.Gateway.Tests.Edge;

namespace IpExchange.Gateway.Tests;

/// <summary>What the gateway adds to every exchange: correlation, headers, CORS, health, documents.</summary>
[Collection("edge")]
public sealed class EdgeTests(Edge edge)
{
    [Fact]
    public async Task The_callers_correlation_id_reaches_the_service_and_comes_back()
    {
        using var client = edge.As(Swrtu);
        var correlationId = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/patents/{NewNumber()[2..]}");
        request.Headers.Add("X-Correlation-Id", correlationId);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(correlationId, response.Headers.GetValues("X-Correlation-Id").Single());
        // The problem body is written by the Listing service: it saw the same id.
        Assert.Equal(correlationId, (await Body(response)).GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task Without_a_correlation_id_the_gateway_makes_one_and_the_service_uses_it()
    {
        using var client = edge.As(Swrtu);

        var response = await client.GetAsync($"/api/patents/{NewNumber()[2..]}");

        var header = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.True(Guid.TryParse(header, out _));
        Assert.Equal(header, (await Body(response)).GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task Security_headers_are_on_proxied_and_own_answers()
    {
        using var client = edge.As(Swrtu);

        foreach (var response in new[] { await client.GetAsync("/api/patents"), await client.GetAsync("/auth/me"), await edge.As(null).GetAsync("/api/listings") })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            // Plain HTTP on loopback: HSTS would be meaningless and is left out.
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
            Assert.False(response.Headers.Contains("Server"));
        }
    }

    [Fact]
    public async Task Cors_answers_the_web_origin_and_nobody_else()
    {
        using var client = edge.As(null);

        async Task<HttpResponseMessage> Preflight(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/listings");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return await client.SendAsync(request);
        }

        var allowed = await Preflight(WebOrigin);
        Assert.Equal(WebOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var foreign = await Preflight("https://evil.example");
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));

        using var simple = new HttpRequestMessage(HttpMethod.Get, "/health/system");
        simple.Headers.Add("Origin", "https://evil.example");
        Assert.False((await client.SendAsync(simple)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task System_health_lists_listing_as_healthy_and_services_not_deployed_as_not_configured()
    {
        using var client = edge.As(null);

        var response = await client.GetAsync("/health/system");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Body(response);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var services = report.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal("Healthy", services["listing"].GetProperty("status").GetString());
        var destination = services["listing"].GetProperty("destinations")[0];
        Assert.Equal(200, destination.GetProperty("httpStatus").GetInt32());
        Assert.Equal("Healthy", destination.GetProperty("report").GetProperty("status").GetString());
        Assert.Equal("NotConfigured", services["matching"].GetProperty("status").GetString());

        // The summary across the services: PostgreSQL, RabbitMQ, the relay and the outbox, and the listing's outbox figures.
        var checks = report.GetProperty("checks");
        foreach (var check in new[] { "postgresql", "masstransit-bus", "outbox-relay", "outbox" })
        {
            Assert.Equal("Healthy", checks.GetProperty(check).GetString());
        }

        var outbox = Assert.Single(report.GetProperty("outboxes").EnumerateArray());
        Assert.Equal("listing", outbox.GetProperty("service").GetString());
        Assert.Equal("Healthy", outbox.GetProperty("status").GetString());
        Assert.Equal(1, outbox.GetProperty("relayLeaders").GetInt32());
        Assert.True(outbox.GetProperty("depth").GetInt64() >= 0);
    }

    [Fact]
    public async Task System_health_is_degraded_but_200_when_a_services_outbox_waits_too_long_and_says_which()
    {
        // A stand-in for a service whose readiness says Degraded: its outbox's oldest message is 75 s old.
        var stub = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        stub.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = stub.Build();
        app.MapGet("/health/ready", () => Results.Json(new
        {
            status = "Degraded",
            checks = new object[]
            {
                new { name = "postgresql", status = "Healthy" },
                new { name = "outbox-relay", status = "Healthy", data = new { leader = true } },
                new { name = "outbox", status = "Degraded", data = new { depth = 3, oldestAgeSeconds = 75.5 } },
            },
        }));
        await app.StartAsync();
        await using var gateway = new GatewayService(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:listing:Destinations:d1:Address"] = edge.Listing.Address.ToString(),
            ["ReverseProxy:Clusters:contract:Destinations:d1:Address"] = app.Urls.Single() + "/",
        });
        gateway.Start();
        using var client = gateway.Client();

        var response = await client.GetAsync("/health/system");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Body(response);
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("outbox").GetString());
        var services = report.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal("Degraded", services["contract"].GetProperty("status").GetString());
        Assert.Equal("Healthy", services["listing"].GetProperty("status").GetString());
        var outbox = report.GetProperty("outboxes").EnumerateArray().Single(o => o.GetProperty("service").GetString() == "contract");
        Assert.Equal(3, outbox.GetProperty("depth").GetInt64());
        Assert.Equal(75.5, outbox.GetProperty("oldestAgeSeconds").GetDouble());
    }

    [Fact]
    public async Task System_health_is_503_when_a_deployed_service_is_down_and_its_routes_answer_502()
    {
        using var anonymous = edge.Throttled.Client();

        var response = await anonymous.GetAsync("/health/system");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var services = (await Body(response)).GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal("Unhealthy", services["matching"].GetProperty("status").GetString());
        Assert.Equal("Healthy", services["listing"].GetProperty("status").GetString());

        using var enterprise = edge.Throttled.Client(Token(HxLoco));
        var proxied = await enterprise.GetAsync("/api/demands");
        Assert.Equal(HttpStatusCode.BadGateway, proxied.StatusCode);
        Assert.Equal(502, (await Body(proxied)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_services_openapi_documents_are_listed_and_served_through_the_gateway()
    {
        using var client = edge.As(null);

        var index = await Body(await client.GetAsync("/openapi/services"));
        var links = index.GetProperty("services").EnumerateArray()
            .ToDictionary(s => s.GetProperty("service").GetString()!, s => s.GetProperty("url").GetString()!);
        Assert.Equal("/openapi/listing/v1.json", links["listing"]);
        Assert.Equal(["contract", "finance", "identity", "listing", "matching", "monitoring"], links.Keys.Order(StringComparer.Ordinal));
        var deployed = index.GetProperty("services").EnumerateArray().Where(s => s.GetProperty("deployed").GetBoolean()).Select(s => s.GetProperty("service").GetString());
        Assert.Equal(["listing"], deployed);

        var document = await client.GetAsync(links["listing"]);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var openapi = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("listing", openapi.GetProperty("info").GetProperty("title").GetString());
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/patents", out _));
    }
}
