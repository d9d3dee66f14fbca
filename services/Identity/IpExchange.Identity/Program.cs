using IpExchange.EventStore;
using IpExchange.Identity;
using IpExchange.Identity.Accounts;
using IpExchange.Identity.Clients;
using IpExchange.Identity.Keys;
using IpExchange.Identity.Organisations;
using IpExchange.Identity.Organisations.Amending;
using IpExchange.Identity.Organisations.Applying;
using IpExchange.Identity.Organisations.Querying;
using IpExchange.Identity.Organisations.Reviewing;
using IpExchange.Identity.Organisations.Suspending;
using IpExchange.Identity.Seeding;
using IpExchange.Identity.SigningIn;
using IpExchange.Identity.Users;
using IpExchange.Messaging;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

// A tool, not the service: the DDL of the accounts model, to commit as a new schema step after an upgrade.
if (args.Contains("print-schema"))
{
    Console.Write(IdentitySchema.PrintModel("Host=127.0.0.1"));
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity");
var settings = IdentitySettings.From(builder.Configuration, builder.Environment);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(TimeProvider.System);

var schema = builder.Configuration["EventStore:Schema"] ?? IdentitySchema.DefaultName;
builder.Services.AddEventStore(builder.Configuration, schema, store => store
    .Events(MemberEvents.All)
    .Aggregate<Organisation>().Aggregate<CreditCodeHold>()
    .Marten(options =>
    {
        // Inline: a verification lets the administrator sign in at once, a suspension stops the next refresh.
        options.Projections.Add(new OrganisationViewProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<OrganisationView>().Index(o => o.Status).Index(o => o.AppliedAt);
    })
    .Tables(IdentitySchema.Migrations)
    .IntegrationEvents<MemberIntegrationEvents>());
// No consumers: the service publishes (through its outbox) and listens to nobody.
builder.Services.AddIpExchangeMessaging(builder.Configuration, "identity");

// The service's own API takes the tokens it issues, validated as every other service validates them.
// After the event store: authentication brings Data Protection, whose start-up reads its keys from
// tables the store's migration makes, and hosted services start in the order they were added.
if (string.IsNullOrEmpty(builder.Configuration["Auth:Authority"]))
{
    builder.Configuration["Auth:Authority"] = settings.IssuerUri.ToString();
}

builder.AddIpExchangeAuthentication();

// Accounts, OpenIddict's stores and the Data Protection keys: EF Core on the store's data source and schema.
builder.Services.AddSingleton(new AccountsSchema(schema));
builder.Services.AddDbContext<AccountsDb>((services, options) => options
    .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>())
    .ReplaceService<IModelCacheKeyFactory, SchemaModelCacheKeyFactory>());
// Login cookies and antiforgery tokens survive restarts and are shared by replicas only with keys kept in the database.
builder.Services.AddDataProtection().SetApplicationName("ipx-identity").PersistKeysToDbContext<AccountsDb>();

builder.Services.AddIdentity<UserAccount, IdentityRole>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.User.AllowedUserNameCharacters = AccountRules.UserNameCharacters;
        options.Password.RequiredLength = settings.PasswordMinimumLength;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = settings.MaxFailedAccessAttempts;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.LockoutMinutes);
        options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
        options.ClaimsIdentity.UserNameClaimType = Claims.PreferredUsername;
        options.ClaimsIdentity.RoleClaimType = IpExchangeClaims.OrganisationRole;
        options.ClaimsIdentity.EmailClaimType = Claims.Email;
    })
    .AddEntityFrameworkStores<AccountsDb>()
    .AddDefaultTokenProviders()
    .AddPasswordValidator<PasswordRules>();
// An invitation's link stays valid for three days.
builder.Services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromDays(3));
builder.Services.ConfigureApplicationCookie(options =>
{
    options.LoginPath = LoginPage.Path;
    options.Cookie.Name = "ipx.identity";
    options.Cookie.SecurePolicy = settings.AllowHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    options.ExpireTimeSpan = TimeSpan.FromHours(8);
});
builder.Services.AddAntiforgery(options =>
{
    options.Cookie.Name = "ipx.antiforgery";
    options.Cookie.SecurePolicy = settings.AllowHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
});
// AddIdentity makes its cookie the default scheme; the API takes bearer tokens, and only the login pages
// and the authorization endpoint name the cookie.
builder.Services.Configure<AuthenticationOptions>(options =>
{
    options.DefaultScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultAuthenticateScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultChallengeScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultForbidScheme = JwtBearerDefaults.AuthenticationScheme;
    options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
    options.DefaultSignOutScheme = IdentityConstants.ApplicationScheme;
});

builder.Services.AddOpenIddict()
    .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<AccountsDb>())
    .AddServer(options =>
    {
        // One public issuer whichever address (gateway, pod, loopback) a request came through.
        options.SetIssuer(settings.IssuerUri);
        options.SetAuthorizationEndpointUris("connect/authorize")
            .SetTokenEndpointUris("connect/token")
            .SetRevocationEndpointUris("connect/revoke")
            .SetEndSessionEndpointUris("connect/endsession");
        options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
            .AllowRefreshTokenFlow()
            .AllowClientCredentialsFlow();
        // PKCE with S256 only: the "plain" method gives no protection against a stolen code.
        options.Configure(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
        if (settings.DevelopmentTokens)
        {
            options.AllowPasswordFlow();
        }

        options.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, IdentitySettings.ApiScope, .. settings.OtherApiScopes.Keys]);
        options.SetAccessTokenLifetime(TimeSpan.FromMinutes(settings.AccessTokenMinutes))
            .SetRefreshTokenLifetime(TimeSpan.FromDays(settings.RefreshTokenDays))
            .SetRefreshTokenReuseLeeway(TimeSpan.FromSeconds(settings.RefreshTokenReuseLeewaySeconds));
        // Signed, not encrypted: every service validates access tokens with the published keys alone.
        options.DisableAccessTokenEncryption();
        var aspNetCore = options.UseAspNetCore()
            .EnableAuthorizationEndpointPassthrough()
            .EnableTokenEndpointPassthrough()
            .EnableEndSessionEndpointPassthrough();
        if (settings.AllowHttp)
        {
            aspNetCore.DisableTransportSecurityRequirement();
        }
    });

// Keys from the database (KeyRing), never AddDevelopmentSigningCertificate: replicas and restarts share them.
builder.Services.AddSingleton<KeyRing>();
builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, KeyRingServerOptions>();
builder.Services.AddSingleton<KeyRotation>();
builder.Services.AddHostedService(services => services.GetRequiredService<KeyRotation>());
builder.Services.AddSingleton<ClientRegistry>();
builder.Services.AddHostedService(services => services.GetRequiredService<ClientRegistry>());

builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    // Behind the gateway: discovery, redirects and cookies carry the public scheme and host. Believed
    // from loopback (the default) and from the networks configured for the gateway only.
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
    foreach (var network in settings.TrustedProxyNetworks)
    {
        options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
});

builder.Services.AddSingleton<AccountPages>();
builder.Services.AddScoped<MemberSignIn>();
builder.Services.AddSingleton<IAccountLetters, LoggedAccountLetters>();
builder.Services.AddScoped<DemoMembers>();

var app = builder.Build();

if (args.Contains("seed"))
{
    // The seeding command: migrate, register clients and roles, write the demo members once, exit. The
    // running service's relay publishes the OrganisationVerified messages the seeding leaves in the outbox.
    await app.Services.GetRequiredService<EventStore>().Migrate();
    await app.Services.GetRequiredService<ClientRegistry>().StartAsync(CancellationToken.None);
    await using var scope = app.Services.CreateAsyncScope();
    var (organisations, users) = await scope.ServiceProvider.GetRequiredService<DemoMembers>().Run(CancellationToken.None);
    Console.WriteLine(organisations + users == 0 ? "Demo members already present." : $"Seeded {organisations} member organisations and {users} users.");
    return 0;
}

app.UseForwardedHeaders();
app.MapServiceDefaults();
if (settings.DevelopmentTokens)
{
    // Before routing: it turns POST /auth/token into the token endpoint's request.
    app.UseMiddleware<DevelopmentTokens>();
}

// Routing after the rewrite, with the shared check of the route values that needs routing done.
app.UseServiceRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

OidcEndpoints.Map(app);
LoginPage.Map(app);
PasswordPages.Map(app);

var organisationsApi = app.MapGroup("/api/organisations").WithTags("Organisations");
ApplyForMembership.Map(organisationsApi);
ReviewApplication.Map(organisationsApi);
SuspendMembership.Map(organisationsApi);
AmendOrganisation.Map(organisationsApi);
OrganisationQueries.Map(organisationsApi);

var usersApi = app.MapGroup("/api/users").WithTags("Users");
InviteUser.Map(usersApi);
ManageUsers.Map(usersApi);
app.MapStreamEvidence();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
