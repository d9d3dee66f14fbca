using System.Net;
using System.Text.Json;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

[Collection("monitoring-api")]
public sealed class LiveTests(MonitoringApi api)
{
    [Fact]
    public async Task The_live_feed_pushes_new_figures_after_an_event_on_the_bus_without_being_asked()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cockpit/live");
        using var response = await api.As(Staff).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var first = await NextFigures(reader, cts.Token);
        var listedBefore = first.GetProperty("listings").GetProperty("total").GetInt64();

        var listing = Listing(asking: 777_000m);
        await api.Send(listing);
        while (true)
        {
            var figures = await NextFigures(reader, cts.Token);
            if (figures.GetProperty("listings").GetProperty("total").GetInt64() == listedBefore + 1)
            {
                break;
            }
        }

        // No timing assertion (the suite measures no speed): the feed pushed the figures of the new
        // listing to a reader that never asked again, before the 30-second cancellation.
    }

    private static async Task<JsonElement> NextFigures(StreamReader reader, CancellationToken cancellationToken)
    {
        string? eventName = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("The feed ended.");
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal) && eventName == "figures")
            {
                return JsonDocument.Parse(line["data:".Length..]).RootElement.Clone();
            }
        }
    }
}
