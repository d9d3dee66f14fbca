using IpExchange.Contract;
using IpExchange.Contract.Agreements;
using IpExchange.Contract.Agreements.Amending;
using IpExchange.Contract.Agreements.Cancelling;
using IpExchange.Contract.Agreements.Drafting;
using IpExchange.Contract.Agreements.Paying;
using IpExchange.Contract.Agreements.Querying;
using IpExchange.Contract.Agreements.Recording;
using IpExchange.Contract.Agreements.Documents;
using IpExchange.Contract.Agreements.Licensing;
using IpExchange.Contract.Agreements.Royalties;
using IpExchange.Contract.Agreements.Signing;
using IpExchange.Contract.Agreements.Steps;
using IpExchange.Contract.Catalogue;
using IpExchange.EventStore;
using IpExchange.Members;
using IpExchange.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("contract");
builder.AddIpExchangeAuthentication();
builder.Services.Configure<ContractOptions>(builder.Configuration.GetSection(ContractOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<ITimerHandler, SigningDeadlinePassed>();
builder.Services.AddScoped<ITimerHandler, MilestoneDue>();
builder.Services.AddScoped<ITimerHandler, StepDue>();
builder.Services.AddScoped<ITimerHandler, LicenceTermEnds>();
builder.Services.AddScoped<ITimerHandler, RoyaltyDue>();
builder.Services.AddEventStore(builder.Configuration, builder.Configuration["EventStore:Schema"] ?? "contract", store => store
    .Events(ContractEvents.All)
    .Aggregate<Agreement>()
    .Marten(options =>
    {
        AgreementListProjection.Register(options);
        ListingCatalogue.Register(options);
        MemberDirectory.Register(options);
    })
    .IntegrationEvents<ContractIntegrationEvents>());
builder.Services.AddIpExchangeMessaging(builder.Configuration, "contract", x =>
{
    x.AddConsumer<DealStruckConsumer>();
    x.AddConsumer<DealRefusedConsumer>();
    x.AddConsumer<ListingPublishedConsumer>();
    x.AddMemberConsumers();
});

var app = builder.Build();
app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

var agreements = app.MapGroup("/api/agreements").WithTags("Agreements");
AgreementQueries.Map(agreements);
SignAgreement.Map(agreements);
AmendAgreement.Map(agreements);
RecordAgreement.Map(agreements);
PayMilestone.Map(agreements);
RecordStep.Map(agreements);
RoyaltyAccounts.Map(agreements);
AgreementDocuments.Map(agreements);
CancelAgreement.Map(agreements);

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
