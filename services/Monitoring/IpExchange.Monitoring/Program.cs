using IpExchange.EventStore;
using IpExchange.Monitoring;
using IpExchange.Monitoring.Alerts;
using IpExchange.Monitoring.Audit;
using IpExchange.Monitoring.Facts;
using IpExchange.Monitoring.Financing;
using IpExchange.Monitoring.Live;
using IpExchange.Monitoring.MyDeals;
using IpExchange.Monitoring.Pipeline;
using IpExchange.Monitoring.Rebuilding;
using IpExchange.Monitoring.Valuation;
using IpExchange.Members;
using IpExchange.Messaging;
using IpExchange.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
var schema = builder.Configuration["EventStore:Schema"] ?? MonitoringStore.Schema;
builder.AddServiceDefaults("monitoring");
builder.AddIpExchangeAuthentication();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.Configure<AlertOptions>(builder.Configuration.GetSection(AlertOptions.Section));
builder.Services.Configure<StageDeadlineOptions>(builder.Configuration.GetSection(StageDeadlineOptions.Section));
builder.Services.AddEventStore(builder.Configuration, schema, MonitoringStore.Configure);
builder.Services.AddScoped<ITimerHandler, StageDeadlines>();
builder.Services.AddScoped<ITimerHandler, PledgedPatentWatch>();
builder.Services.AddTransient<ReadModelRebuild>();
builder.Services.AddSingleton<CockpitChanges>();
builder.Services.AddHttpClient(SourceEvidence.Client);
builder.Services.AddSingleton<SourceEvidence>();
builder.Services.AddHostedService<CockpitListener>();
builder.Services.AddIpExchangeMessaging(builder.Configuration, "monitoring", x =>
{
    x.AddConsumer<FactConsumer>();
    x.AddConsumer<DeliveryFaultConsumer>();
    x.AddConsumer<PledgedPatentLapseConsumer>();
    x.AddMemberConsumers();
});

var app = builder.Build();

if (args.Contains("rebuild"))
{
    // The rebuild command: migrate, rebuild every document through Marten's daemon, exit. Nothing
    // else is started, so no daemon of this process runs meanwhile; stop the service's replicas first.
    var store = app.Services.GetRequiredService<EventStore>();
    await store.Migrate();
    var result = await app.Services.GetRequiredService<ReadModelRebuild>().Run(pauseRunningDaemon: false, CancellationToken.None);
    Console.WriteLine($"Rebuilt {string.Join(", ", result.Projections)} from {result.Events} events (up to #{result.LastSequence}) in {result.ElapsedMs} ms.");
    return;
}

app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

var cockpit = app.MapGroup("/api/cockpit").WithTags("Cockpit").RequireAuthorization(IdentitySetup.ExchangePolicy);
CockpitEndpoints.Map(cockpit);
FinancingFigureQueries.Map(cockpit);
CockpitFeed.Map(cockpit);
RebuildEndpoints.Map(cockpit);
AlertEndpoints.Map(app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(IdentitySetup.ExchangePolicy));
AuditEndpoints.Map(app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(IdentitySetup.ExchangePolicy));
ValuationEndpoints.Map(app.MapGroup("/api/valuations").WithTags("Valuations"));
MyDealsEndpoints.Map(app.MapGroup("/api/my-deals").WithTags("My deals"));
app.MapStreamEvidence();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
