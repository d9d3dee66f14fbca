using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.ServiceDefaults;

/// <summary>The claims of an IpExchange access token, as the Identity service issues them.</summary>
public static class IpExchangeClaims
{
    public const string Subject = "sub";

    /// <summary>The person's name (姓名), e.g. 李文博.</summary>
    public const string Name = "name";

    public const string Organisation = RequestContextExtensions.OrganisationClaim;

    /// <summary>The organisation's registered legal name.</summary>
    public const string OrganisationName = "org_name";

    /// <summary>The organisation's kind: UniversityOrInstitute, Enterprise, Bank, GuaranteeInstitution, ServiceAgency, Exchange.</summary>
    public const string OrganisationKind = "org_kind";

    /// <summary>The user's roles inside the organisation (several claims): administrator, operator, signer.</summary>
    public const string OrganisationRole = "org_role";

    public const string Group = "group";
    public const string Region = "region";

    /// <summary>The organisation kind as the services' policies know it: <see cref="Roles"/>.</summary>
    public const string Role = "role";
}

/// <summary>The kinds of members as the services' role policies know them (the <c>role</c> claim).</summary>
public static class Roles
{
    public const string University = "university";   // 高校院所
    public const string Enterprise = "enterprise";   // 企业
    public const string Exchange = "exchange";       // 交易中心
    public const string Bank = "bank";               // 银行
    public const string Guarantor = "guarantor";     // 担保机构
    public const string Agency = "agency";           // 服务机构

    /// <summary>A machine integration's token (client credentials): no person stands behind it.</summary>
    public const string Service = "service";

    /// <summary>The <c>role</c> claim of an organisation kind (the names of IpExchange.Contracts.Members.OrganisationKind).</summary>
    public static string ForKind(string organisationKind) => organisationKind switch
    {
        "UniversityOrInstitute" => University,
        "Enterprise" => Enterprise,
        "Exchange" => Exchange,
        "Bank" => Bank,
        "GuaranteeInstitution" => Guarantor,
        "ServiceAgency" => Agency,
        _ => throw new ArgumentOutOfRangeException(nameof(organisationKind), organisationKind, "Not an organisation kind."),
    };
}

/// <summary>What a user may do inside the organisation (the <c>org_role</c> claims); one user may hold several.</summary>
public static class OrganisationRoles
{
    /// <summary>管理员: invites the organisation's users and sets their roles.</summary>
    public const string Administrator = "administrator";

    /// <summary>经办人: acts in trading for the organisation (lists, bids, offers, pays).</summary>
    public const string Operator = "operator";

    /// <summary>签约人: the only one who signs agreements for the organisation.</summary>
    public const string Signer = "signer";

    public static IReadOnlyList<string> All { get; } = [Administrator, Operator, Signer];
}

/// <summary>Who is calling, read from a validated token. Services authorise resources against it.</summary>
/// <param name="Role">The organisation kind as policies know it (<see cref="Roles"/>).</param>
/// <param name="OrganisationKind">The organisation's kind by name; null in tokens that do not carry it.</param>
/// <param name="OrganisationRoles">The user's roles inside the organisation (<see cref="ServiceDefaults.OrganisationRoles"/>); null when the token carries none.</param>
public sealed record Caller(
    string UserId,
    string Name,
    string OrganisationId,
    string OrganisationName,
    string Role,
    string? Group,
    string? Region,
    string? OrganisationKind = null,
    IReadOnlyList<string>? OrganisationRoles = null)
{
    public bool IsExchange => Role == Roles.Exchange;
    public bool IsUniversity => Role == Roles.University;
    public bool IsEnterprise => Role == Roles.Enterprise;

    public bool IsAdministrator => HasOrganisationRole(ServiceDefaults.OrganisationRoles.Administrator);
    public bool IsOperator => HasOrganisationRole(ServiceDefaults.OrganisationRoles.Operator);

    /// <summary>签约人: may sign agreements for the organisation.</summary>
    public bool IsSigner => HasOrganisationRole(ServiceDefaults.OrganisationRoles.Signer);

    public bool HasOrganisationRole(string role) => OrganisationRoles?.Contains(role, StringComparer.Ordinal) == true;

    public static Caller From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new UnauthorizedAccessException("Sign in first.");
        }

        string Required(string claim) => user.FindFirst(claim)?.Value
            ?? throw new ForbiddenException($"The token has no '{claim}' claim.");

        var roles = user.FindAll(IpExchangeClaims.OrganisationRole).Select(c => c.Value).ToList();
        return new Caller(
            Required(IpExchangeClaims.Subject),
            user.FindFirst(IpExchangeClaims.Name)?.Value ?? Required(IpExchangeClaims.Subject),
            Required(IpExchangeClaims.Organisation),
            user.FindFirst(IpExchangeClaims.OrganisationName)?.Value ?? Required(IpExchangeClaims.Organisation),
            Required(IpExchangeClaims.Role),
            user.FindFirst(IpExchangeClaims.Group)?.Value,
            user.FindFirst(IpExchangeClaims.Region)?.Value,
            user.FindFirst(IpExchangeClaims.OrganisationKind)?.Value,
            roles.Count == 0 ? null : roles);
    }
}

/// <summary>
/// The <c>Auth</c> section: which OpenID Connect authority's tokens this process accepts (the
/// Identity service), and for which audience.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The Identity service's issuer, exactly as it puts it in <c>iss</c> (its public address, with the
    /// trailing slash, e.g. <c>http://127.0.0.1:5100/</c>). Required.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Where to read the discovery document when not at the issuer (the Identity service's internal
    /// address, so that services need not go out through the gateway), e.g.
    /// <c>http://127.0.0.1:5105/.well-known/openid-configuration</c>. The keys come from its <c>jwks_uri</c>.
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The <c>aud</c> every IpExchange API expects: the resource of the Identity service's API scope.</summary>
    public string Audience { get; set; } = "ipexchange";

    /// <summary>False only where discovery is read over plain HTTP (a developer machine, an internal address behind TLS termination).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public string Issuer() => WithSlash(Authority
        ?? throw new InvalidOperationException("Auth:Authority must name the Identity service's issuer, e.g. http://127.0.0.1:5100/."));

    private static string WithSlash(string uri) => uri.EndsWith('/') ? uri : uri + "/";
}

public static class IdentitySetup
{
    public const string UniversityPolicy = Roles.University;
    public const string EnterprisePolicy = Roles.Enterprise;
    public const string ExchangePolicy = Roles.Exchange;

    /// <summary>Signed in as an administrator of the caller's own organisation.</summary>
    public const string OrganisationAdministratorPolicy = "organisation-administrator";

    /// <summary>
    /// Validation of the Identity service's access tokens in the process itself (the gateway and every
    /// service alike): the issuer named in <c>Auth:Authority</c> and its signing keys from its discovery
    /// document (refreshed when a token names a key not seen yet, so a rotated key is picked up), the
    /// audience, the lifetime, and the token type <c>at+jwt</c> (an id_token signed by the same key is
    /// not an access token). One policy per member kind. Every endpoint requires a signed-in user unless
    /// it says AllowAnonymous.
    /// </summary>
    public static WebApplicationBuilder AddIpExchangeAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var issuer = options.Issuer();
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.Authority = issuer;
                if (!string.IsNullOrWhiteSpace(options.MetadataAddress))
                {
                    jwt.MetadataAddress = options.MetadataAddress;
                }

                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                // Keep "sub", "role", "org" as issued instead of the long WS-Federation claim names.
                jwt.MapInboundClaims = false;
                // Stated, not only taken from discovery: a discovery document read through another address
                // cannot change whose tokens are accepted.
                jwt.TokenValidationParameters.ValidIssuer = issuer;
                jwt.TokenValidationParameters.ValidAudience = options.Audience;
                jwt.TokenValidationParameters.ValidTypes = ["at+jwt"];
                jwt.TokenValidationParameters.NameClaimType = IpExchangeClaims.Name;
                jwt.TokenValidationParameters.RoleClaimType = IpExchangeClaims.Role;
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(UniversityPolicy, p => p.RequireRole(Roles.University))
            .AddPolicy(EnterprisePolicy, p => p.RequireRole(Roles.Enterprise))
            .AddPolicy(ExchangePolicy, p => p.RequireRole(Roles.Exchange))
            .AddPolicy(OrganisationAdministratorPolicy, p => p.RequireClaim(IpExchangeClaims.OrganisationRole, OrganisationRoles.Administrator));
        return builder;
    }

    public static Caller Caller(this HttpContext context) => ServiceDefaults.Caller.From(context.User);
}
