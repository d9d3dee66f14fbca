using IpExchange.EventStore;
using IpExchange.Matching;
using IpExchange.Matching.Auctions;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Competitions;
using IpExchange.Matching.Deals;
using IpExchange.Matching.Demands;
using IpExchange.Matching.Matching;
using IpExchange.Matching.Negotiations;
using IpExchange.Matching.Offers;
using IpExchange.Matching.Ranking;
using IpExchange.Members;
using IpExchange.Messaging;
using IpExchange.ServiceDefaults;
using IpExchange.TextAnalysis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching");
builder.AddIpExchangeAuthentication();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEventStore(builder.Configuration, builder.Configuration["EventStore:Schema"] ?? MatchingSchema.Name, store => store
    .Events(MatchingSchema.Events)
    .Aggregate<Demand>().Aggregate<Auction>().Aggregate<Negotiation>().Aggregate<Competition>().Aggregate<CatalogueEntry>()
    .Marten(MatchingSchema.ReadModels)
    .Tables(MatchingSchema.Migrations)
    .IntegrationEvents<MatchingIntegrationEvents>());
builder.Services.AddScoped<ITimerHandler, AuctionStarter>();
// The ranking: one index per process, loaded at start-up and kept in step with the documents (MatchIndexHost).
builder.Services.AddSingleton(_ => TextAnalyzer.LoadDefault());
builder.Services.AddSingleton(sp => new MatchIndex(sp.GetRequiredService<TextAnalyzer>()));
builder.Services.AddSingleton<MatchIndexHost>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<MatchIndexHost>());
builder.Services.AddHealthChecks().AddCheck<MatchIndexHealthCheck>(MatchIndexHealthCheck.Name, tags: [HealthTags.Ready]);
builder.Services.AddScoped<ITimerHandler, AuctionCloser>();
builder.Services.AddScoped<ITimerHandler, NegotiationLapse>();
builder.Services.AddScoped<ITimerHandler, CompetitionCloser>();
builder.Services.AddIpExchangeMessaging(builder.Configuration, "matching", x =>
{
    x.AddConsumer<CatalogueConsumer>();
    x.AddConsumer<DealOutcomeConsumer>();
    x.AddMemberConsumers();
});

var app = builder.Build();
app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

// A suspended member's users read, but post no demand, register for no auction, bid and offer nothing.
var demands = app.MapGroup("/api/demands").WithTags("Demands").RequireMemberInGoodStanding();
DemandEndpoints.Map(demands);
MatchEndpoints.Map(demands);
var auctions = app.MapGroup("/api/auctions").WithTags("Auctions").RequireMemberInGoodStanding();
AuctionEndpoints.Map(auctions);
AuctionNotices.Map(auctions);
var offers = app.MapGroup("/api/offers").WithTags("Offers").RequireMemberInGoodStanding();
AcceptAtListedPrice.Map(offers);
NegotiationEndpoints.Map(offers);
CompetitionEndpoints.Map(offers);
DealEndpoints.Map(app.MapGroup("/api/deals").WithTags("Deals"));
app.MapStreamEvidence();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
