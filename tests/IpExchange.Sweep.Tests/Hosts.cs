extern alias listing;
extern alias matching;
extern alias contract;
extern alias monitoring;

using System.Text.Json.Nodes;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.Sweep.Tests;

/// <summary>The people the sweep acts as.</summary>
public static class People
{
    public static readonly Caller Uni = new("u-uni", "王老师", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川");
    public static readonly Caller Rail = new("u-rail", "张经理", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南");
    public static readonly Caller Tools = new("u-tool", "赵经理", "org-ljtool", "渌江精密刀具有限公司", Roles.Enterprise, "渌江矿冶集团", "湖南");
    public static readonly Caller Staff = new("u-ex", "审核员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆");
}

/// <summary>A service hosted for the sweep: its own schema, its own virtual host, a clock the sweep can move.</summary>
public interface ISweptService
{
    string Name { get; }

    MovableClock Clock { get; }

    /// <summary>Waits until every timer due by the service's clock has fired.</summary>
    Task DueTimersFired();

    HttpClient As(Caller? caller);

    MassTransit.IBus Bus { get; }

    IServiceProvider Services { get; }

    /// <summary>The service's OpenAPI document, as the gateway serves it.</summary>
    async Task<ApiDoc> Document()
    {
        var json = await As(null).GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        return new ApiDoc(Name, JsonNode.Parse(json)!);
    }
}

public abstract class SweptService<TProgram>(string name) : ServiceFactory<TProgram>(name), ISweptService
    where TProgram : class
{
    public string Name { get; } = name;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:VirtualHost", VirtualHosts.Isolated($"ipx-sweep-{Name}"));
        // A thousand refusals are logged at Information: only warnings and errors are worth reading here.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

public sealed class ListingService() : SweptService<listing::Program>("listing");

public sealed class MatchingService() : SweptService<matching::Program>("matching");

public sealed class ContractService() : SweptService<contract::Program>("contract");

public sealed class MonitoringService() : SweptService<monitoring::Program>("monitoring");
