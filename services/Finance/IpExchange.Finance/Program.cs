using Microsoft.AspNetCore.Authentication.JwtBearer;
using IpExchange.EventStore;
using IpExchange.Finance;
using IpExchange.Finance.Loans;
using IpExchange.Finance.Loans.Applying;
using IpExchange.Finance.Loans.Approving;
using IpExchange.Finance.Loans.Defaulting;
using IpExchange.Finance.Loans.Disposing;
using IpExchange.Finance.Loans.Querying;
using IpExchange.Finance.Loans.Registering;
using IpExchange.Finance.Loans.Repaying;
using IpExchange.Finance.Patents;
using IpExchange.Members;
using IpExchange.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("finance");
builder.AddIpExchangeAuthentication();
builder.Services.Configure<FinanceOptions>(builder.Configuration.GetSection(FinanceOptions.Section));
builder.Services.AddSingleton(ShiftedClock.From(builder.Configuration));
// A shifted clock is the loans' only: a token's lifetime is judged on the real one.
builder.Services.PostConfigureAll<JwtBearerOptions>(jwt => jwt.TimeProvider = TimeProvider.System);
builder.Services.AddScoped<ITimerHandler, InstalmentDue>();
builder.Services.AddEventStore(builder.Configuration, builder.Configuration["EventStore:Schema"] ?? "finance", store => store
    .Events(FinanceEvents.All)
    .Aggregate<Loan>()
    .Marten(options =>
    {
        LoanProcess.Register(options);
        KnownPatents.Register(options);
        MemberDirectory.Register(options);
    })
    .IntegrationEvents<FinanceIntegrationEvents>());
builder.Services.AddIpExchangeMessaging(builder.Configuration, "finance", x =>
{
    x.AddConsumer<PatentChangedConsumer>();
    x.AddConsumer<DisposalListingPublishedConsumer>();
    x.AddConsumer<DisposalSaleCompletedConsumer>();
    x.AddConsumer<PledgedPatentAlertConsumer>();
    x.AddMemberConsumers();
});

var app = builder.Build();
app.MapServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();

// A suspended member's users read, but apply, approve, record and dispose of nothing.
var loans = app.MapGroup("/api/loans").WithTags("Loans").RequireMemberInGoodStanding();
LoanQueries.Map(loans);
ApplyForLoan.Map(loans);
GuaranteeDecision.Map(loans);
BankDecision.Map(loans);
RegisterPledge.Map(loans);
Repay.Map(loans);
DeclareDefault.Map(loans);
DisposePledge.Map(loans);
app.MapStreamEvidence();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
