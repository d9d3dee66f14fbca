using IpExchange.EventStore;
using IpExchange.Matching;
using IpExchange.Matching.Auctions;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Demands;
using IpExchange.Matching.Matching;
using IpExchange.Matching.Offers;
using IpExchange.Messaging;
using IpExchange.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching");
builder.AddIpExchangeAuthentication();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IInlineProjection, DemandProjection>();
builder.Services.AddEventStore(builder.Configuration, builder.Configuration["EventStore:Schema"] ?? MatchingSchema.Name,
    types => types.Register<DemandPosted>().Register<DemandEdited>().Register<DemandClosed>()
        .Register<AuctionScheduled>().Register<BidderRegistered>().Register<BidPlaced>().Register<AuctionClosed>().Register<DepositReleased>(),
    MatchingSchema.Migrations);
builder.Services.AddScoped<ITimerHandler, AuctionCloser>();
builder.Services.AddIpExchangeMessaging(builder.Configuration, "matching", x => x.AddConsumer<CatalogueConsumer>());

var app = builder.Build();
app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

var demands = app.MapGroup("/api/demands").WithTags("Demands");
DemandEndpoints.Map(demands);
MatchEndpoints.Map(demands);
AuctionEndpoints.Map(app.MapGroup("/api/auctions").WithTags("Auctions"));
AcceptAtListedPrice.Map(app.MapGroup("/api/offers").WithTags("Offers"));

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
