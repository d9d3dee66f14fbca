using System.Net.Http.Headers;
using System.Text.Json;
using IpExchange.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace IpExchange.Testing;

/// <summary>
/// A service in-process on the real PostgreSQL (its own schema per instance) and RabbitMQ (its own
/// queue prefix) that deploy/test.sh starts. Set <see cref="Schema"/> to an existing one and a
/// second instance plays the same service restarted.
/// </summary>
public abstract class ServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IAsyncLifetime
    where TEntryPoint : class
{
        protected ServiceFactory(string service) => Schema = $"{service}_t{DateTime.UtcNow:HHmmss}_{Guid.NewGuid():N}"[..30];

    public string Schema { get; init; }

    public IBus Bus => Services.GetRequiredService<IBus>();

    /// <summary>The service's clock: the system's until a test moves it past a deadline instead of sleeping until it.</summary>
    public MovableClock Clock { get; } = new();

    /// <summary>Waits until the service has handled the message (its inbox holds the id, committed with the handling's effects).</summary>
    public Task Consumed(Guid messageId, string? what = null) =>
        ServiceTesting.Eventually(async () =>
        {
            await using var connection = await Services.GetRequiredService<EventStore.EventStore>().DataSource.OpenConnectionAsync();
            return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Schema}.inbox WHERE message_id = @messageId", new { messageId }) > 0;
        }, what ?? $"message {messageId} handled");

    /// <summary>Waits until every timer due by the service's clock has fired (after the clock was moved past a deadline).</summary>
    public Task DueTimersFired() =>
        ServiceTesting.Eventually(async () =>
        {
            await using var connection = await Services.GetRequiredService<EventStore.EventStore>().DataSource.OpenConnectionAsync();
            return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Schema}.timers WHERE due_at <= @now AND attempts = 0", new { now = Clock.GetUtcNow() }) == 0;
        }, "the due timers to fire");

    /// <summary>
    /// Starts the service and waits until its receive endpoints are bound: a message published
    /// before its queue exists is dropped by RabbitMQ, and a test would wait for it in vain.
    /// </summary>
    public async Task InitializeAsync() =>
        await Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:EventStore", Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")
            ?? throw new InvalidOperationException("Run the tests with deploy/test.sh: ConnectionStrings__EventStore is not set."));
        builder.UseSetting("EventStore:Schema", Schema);
        builder.UseSetting("Messaging:Host", "127.0.0.1");
        builder.UseSetting("Messaging:Port", Environment.GetEnvironmentVariable("Messaging__Port") ?? "5672");
        builder.UseSetting("Messaging:EndpointPrefix", Schema.Replace('_', '-'));
        builder.UseSetting("Messaging:Outbox:PollIntervalMs", "200");
        builder.TrustTestTokens();
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client signed in as <paramref name="caller"/> (anonymous when null).</summary>
    public HttpClient As(Caller? caller)
    {
        var client = CreateClient();
        if (caller is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceTesting.Token(caller));
        }

        return client;
    }
}

/// <summary>Helpers the service tests call unqualified (a static using in their project files).</summary>
public static class ServiceTesting
{
    /// <summary>A token the service test hosts trust (see <see cref="TestIdentity"/>).</summary>
    public static string Token(Caller caller, TimeSpan? lifetime = null) => TestIdentity.Token(caller, lifetime);

    public static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>
    /// A replacement as a client must send it: the ETag read at <paramref name="readUrl"/> (the
    /// resource as the caller sees it) goes back as If-Match (without it the answer is 428).
    /// </summary>
    public static async Task<HttpResponseMessage> Replace(HttpClient client, string url, object body, string readUrl)
    {
        using var read = await client.GetAsync(new Uri(readUrl, UriKind.Relative));
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag?.Tag ?? "\"0\"");
        return await client.SendAsync(request);
    }

    /// <summary>A replacement with a given If-Match (another organisation's, a stale one).</summary>
    public static Task<HttpResponseMessage> Replace(HttpClient client, string url, object body, long ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{ifMatch}\"");
        return client.SendAsync(request);
    }

    /// <summary>Polls until the condition holds, or fails the test saying what it waited for.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting for: {what}");
    }
}
