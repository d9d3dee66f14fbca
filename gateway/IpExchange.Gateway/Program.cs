using IpExchange.Gateway.Identity;
using IpExchange.Gateway.Limits;
using IpExchange.Gateway.Proxy;
using IpExchange.Gateway.SystemHealth;
using IpExchange.Gateway.WebUi;
using IpExchange.ServiceDefaults;

namespace IpExchange.Gateway;

/// <summary>The one entrance: identity, limits, then YARP to the services.</summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == HashPasswordCommand.Flag)
        {
            return HashPasswordCommand.Run(args[1..], Console.In, Console.Out, Console.Error);
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("gateway");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.AddIpExchangeAuthentication();
        builder.AddDemoIdentity();
        builder.AddWebOriginCors();
        builder.AddGatewayRateLimits();
        builder.AddSystemHealth();
        builder.AddGatewayProxy();

        var app = builder.Build();

        app.MapServiceDefaults();
        app.UseMiddleware<EdgeHeadersMiddleware>();
        // The web UI's files need no sign-in (they hold no data); the APIs behind it do.
        app.UseWebUi();
        app.UseCors();
        // The order the edge promises: who you are, what you may do, how often, then the service.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        TokenEndpoints.Map(app);
        SystemHealthEndpoints.Map(app);
        ApiDocuments.MapReference(app);
        GatewayProxy.Map(app);
        app.MapWebUiFallback();

        await app.RunAsync();
        return 0;
    }
}
