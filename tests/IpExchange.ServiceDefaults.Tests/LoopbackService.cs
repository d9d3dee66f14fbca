using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IpExchange.ServiceDefaults.Tests;

/// <summary>
/// A minimal service on real Kestrel at 127.0.0.1, port chosen by the OS, with the service
/// defaults and whatever endpoints a test maps. Needs neither PostgreSQL nor RabbitMQ.
/// </summary>
public sealed class LoopbackService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackService(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<LoopbackService> Start(
        Action<WebApplication> map,
        Action<WebApplicationBuilder>? configure = null,
        IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults("test-service");
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapServiceDefaults();
        map(app);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new LoopbackService(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
