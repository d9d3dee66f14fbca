using IpExchange.EventStore;
using IpExchange.Listing;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Listings.Deals;
using IpExchange.Listing.Listings.Drafting;
using IpExchange.Listing.Listings.Expiring;
using IpExchange.Listing.Listings.Querying;
using IpExchange.Listing.Listings.Reviewing;
using IpExchange.Listing.Listings.Submitting;
using IpExchange.Listing.Listings.Withdrawing;
using IpExchange.Listing.Patents.ChangingLegalStatus;
using IpExchange.Listing.Patents.Pledging;
using IpExchange.Listing.Patents.Querying;
using IpExchange.Listing.Patents.Registering;
using IpExchange.Listing.Seeding;
using IpExchange.Members;
using IpExchange.Messaging;
using IpExchange.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("listing");
builder.AddIpExchangeAuthentication();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<ITimerHandler, ListingExpiry>();
builder.Services.AddEventStore(builder.Configuration, builder.Configuration["EventStore:Schema"] ?? ListingSchema.Name, ListingStore.Configure);
builder.Services.AddIpExchangeMessaging(builder.Configuration, "listing", x =>
{
    x.AddConsumer<DealStruckConsumer>();
    x.AddConsumer<ContractCompletedConsumer>();
    x.AddConsumer<ContractCancelledConsumer>();
    x.AddConsumer<LicenceTookEffectConsumer>();
    x.AddConsumer<LicenceEndedConsumer>();
    x.AddConsumer<PledgeRegisteredConsumer>();
    x.AddConsumer<PledgeReleasedConsumer>();
    x.AddConsumer<PledgedLoanDefaultedConsumer>();
    x.AddMemberConsumers();
});

builder.Services.AddHostedService<ListingSearchBackfill>();
builder.Services.AddTransient<DemoSeeder>();
builder.Services.Configure<ProjectContactOptions>(builder.Configuration.GetSection(ProjectContactOptions.Section));

var app = builder.Build();

if (args.Contains("seed"))
{
    // The seeding command: migrate, write the demo data once, exit. The running service's relay
    // publishes the integration events it leaves in the outbox.
    var store = app.Services.GetRequiredService<EventStore>();
    await store.Migrate();
    var seeded = await app.Services.GetRequiredService<DemoSeeder>().Run(CancellationToken.None);
    Console.WriteLine(seeded == 0 ? "Demo data already present." : $"Seeded {seeded} patents and their listings.");
    return;
}

app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

// A suspended member's users read, but register, pledge, draft, submit and withdraw nothing.
var patents = app.MapGroup("/api/patents").WithTags("Patents").RequireMemberInGoodStanding();
RegisterPatent.Map(patents);
Pledges.Map(patents);
ChangeLegalStatus.Map(patents);
PatentQueries.Map(patents);

var listings = app.MapGroup("/api/listings").WithTags("Listings").RequireMemberInGoodStanding();
DraftListing.Map(listings);
SubmitListing.Map(listings);
ReviewListing.Map(listings);
WithdrawListing.Map(listings);
ListingQueries.Map(listings);
app.MapStreamEvidence();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
