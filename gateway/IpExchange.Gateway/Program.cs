using IpExchange.Gateway.Identity;
using IpExchange.Gateway.Limits;
using IpExchange.Gateway.Proxy;
using IpExchange.Gateway.SystemHealth;
using IpExchange.Gateway.WebUi;
using IpExchange.ServiceDefaults;

namespace IpExchange.Gateway;

/// <summary>The one entrance: token validation, limits, then YARP to the services (the Identity service included).</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("gateway");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.AddIpExchangeAuthentication();
        builder.AddTrustedProxies();
        builder.AddWebOriginCors();
        builder.AddGatewayRateLimits();
        builder.AddSystemHealth();
        builder.AddGatewayProxy();

        var app = builder.Build();

        // First: behind a TLS-terminating ingress the request is https, and YARP tells the services so.
        app.UseForwardedHeaders();
        app.MapServiceDefaults();
        app.UseMiddleware<EdgeHeadersMiddleware>();
        // The web UI's files need no sign-in (they hold no data); the APIs behind it do.
        app.UseWebUi();
        app.UseCors();
        // The order the edge promises: who you are, what you may do, how often, then the service.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        CallerEndpoints.Map(app);
        SystemHealthEndpoints.Map(app);
        ApiDocuments.MapReference(app);
        GatewayProxy.Map(app);
        app.MapWebUiFallback();

        await app.RunAsync();
        return 0;
    }
}
