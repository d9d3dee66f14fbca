using System.Net;
using System.Text.Json;
using IpExchange.EventStore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace IpExchange.ServiceDefaults.Tests;

public sealed class HealthAndHostingTests
{
    [Fact]
    public async Task Live_is_200_without_any_dependency()
    {
        await using var service = await LoopbackService.Start(_ => { });

        using var response = await service.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var check = Assert.Single(body.GetProperty("checks").EnumerateArray());
        Assert.Equal("self", check.GetProperty("name").GetString());
        Assert.Equal("test-service is running.", check.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_without_a_store_or_bus_has_nothing_to_check_and_is_200()
    {
        await using var service = await LoopbackService.Start(_ => { });

        using var response = await service.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body.GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task Ready_is_503_naming_PostgreSQL_when_the_registered_store_does_not_answer()
    {
        // A store on a port where nothing listens: no connection is made until the check runs.
        await using var service = await LoopbackService.Start(
            _ => { },
            builder => builder.Services.AddHealthChecks().AddCheck(PostgresHealthCheck.Name,
                new PostgresHealthCheck(Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Timeout=3")), tags: [HealthTags.Ready]));

        using var response = await service.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var check = Assert.Single(body.GetProperty("checks").EnumerateArray());
        Assert.Equal("postgresql", check.GetProperty("name").GetString());
        Assert.Equal("PostgreSQL does not answer.", check.GetProperty("description").GetString());

        using var live = await service.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served_under_the_service_name()
    {
        await using var service = await LoopbackService.Start(app => app.MapGet("/ping", () => "pong"));

        using var response = await service.Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("test-service", body.GetProperty("info").GetProperty("title").GetString());
        Assert.True(body.GetProperty("paths").TryGetProperty("/ping", out _));
    }

    [Fact]
    public async Task Logs_are_JSON_with_scopes_and_UTC_unless_configuration_says_otherwise()
    {
        await using var defaults = await LoopbackService.Start(_ => { });
        await using var configured = await LoopbackService.Start(_ => { }, settings: new Dictionary<string, string?>
        {
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "false",
        });

        var json = defaults.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.Equal(ConsoleFormatterNames.Json, defaults.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);

        Assert.Equal("simple", configured.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        Assert.False(configured.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.UseUtcTimestamp);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
