using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IpExchange.ServiceDefaults;

/// <summary>The claims of an IpExchange token: user, organisation, corporate group, role.</summary>
public static class IpExchangeClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Organisation = RequestContextExtensions.OrganisationClaim;
    public const string OrganisationName = "org_name";
    public const string Group = "group";
    public const string Region = "region";
    public const string Role = "role";
}

/// <summary>The three kinds of users of the exchange.</summary>
public static class Roles
{
    public const string University = "university";   // 高校院所
    public const string Enterprise = "enterprise";   // 企业
    public const string Exchange = "exchange";       // 交易中心
}

/// <summary>Who is calling, read from a validated token. Services authorise resources against it.</summary>
public sealed record Caller(string UserId, string Name, string OrganisationId, string OrganisationName, string Role, string? Group, string? Region)
{
    public bool IsExchange => Role == Roles.Exchange;
    public bool IsUniversity => Role == Roles.University;
    public bool IsEnterprise => Role == Roles.Enterprise;

    public static Caller From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new UnauthorizedAccessException("Sign in first.");
        }

        string Required(string claim) => user.FindFirst(claim)?.Value
            ?? throw new ForbiddenException($"The token has no '{claim}' claim.");

        return new Caller(
            Required(IpExchangeClaims.Subject),
            user.FindFirst(IpExchangeClaims.Name)?.Value ?? Required(IpExchangeClaims.Subject),
            Required(IpExchangeClaims.Organisation),
            user.FindFirst(IpExchangeClaims.OrganisationName)?.Value ?? Required(IpExchangeClaims.Organisation),
            Required(IpExchangeClaims.Role),
            user.FindFirst(IpExchangeClaims.Group)?.Value,
            user.FindFirst(IpExchangeClaims.Region)?.Value);
    }
}

/// <summary>The <c>Auth</c> section: the built-in issuer's key, or an external OIDC authority.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "ipexchange";
    public string Audience { get; set; } = "ipexchange";

    /// <summary>HMAC-SHA256 key of the built-in issuer, at least 32 bytes. Comes from a secret in production.</summary>
    public string? SigningKey { get; set; }

    /// <summary>When set, tokens are validated against this OIDC authority's published keys instead.</summary>
    public string? Authority { get; set; }

    public int TokenLifetimeMinutes { get; set; } = 120;

    public SymmetricSecurityKey Key()
    {
        var bytes = Encoding.UTF8.GetBytes(SigningKey ?? "");
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be set to at least 32 bytes (or Auth:Authority to an OIDC authority).");
        }

        return new SymmetricSecurityKey(bytes);
    }
}

public static class IdentitySetup
{
    public const string UniversityPolicy = Roles.University;
    public const string EnterprisePolicy = Roles.Enterprise;
    public const string ExchangePolicy = Roles.Exchange;

    /// <summary>
    /// JWT bearer validation in the service itself (not only at the gateway) and one policy per role.
    /// Every endpoint requires a signed-in user unless it says AllowAnonymous.
    /// </summary>
    public static WebApplicationBuilder AddIpExchangeAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    NameClaimType = IpExchangeClaims.Name,
                    RoleClaimType = IpExchangeClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (string.IsNullOrEmpty(options.Authority))
                {
                    jwt.TokenValidationParameters.IssuerSigningKey = options.Key();
                }
                else
                {
                    jwt.Authority = options.Authority;
                }
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(UniversityPolicy, p => p.RequireRole(Roles.University))
            .AddPolicy(EnterprisePolicy, p => p.RequireRole(Roles.Enterprise))
            .AddPolicy(ExchangePolicy, p => p.RequireRole(Roles.Exchange));
        builder.Services.AddSingleton<TokenIssuer>();
        return builder;
    }

    public static Caller Caller(this HttpContext context) => ServiceDefaults.Caller.From(context.User);
}

/// <summary>Signs tokens for the demo organisations' users (the gateway's built-in issuer and the tests).</summary>
public sealed class TokenIssuer(Microsoft.Extensions.Options.IOptions<AuthOptions> options)
{
    public string Issue(Caller caller, TimeSpan? lifetime = null, DateTimeOffset? now = null)
    {
        var o = options.Value;
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [IpExchangeClaims.Subject] = caller.UserId,
            [IpExchangeClaims.Name] = caller.Name,
            [IpExchangeClaims.Organisation] = caller.OrganisationId,
            [IpExchangeClaims.OrganisationName] = caller.OrganisationName,
            [IpExchangeClaims.Role] = caller.Role,
        };
        if (caller.Group is not null)
        {
            claims[IpExchangeClaims.Group] = caller.Group;
        }

        if (caller.Region is not null)
        {
            claims[IpExchangeClaims.Region] = caller.Region;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            Claims = claims,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromMinutes(o.TokenLifetimeMinutes)),
            SigningCredentials = new SigningCredentials(o.Key(), SecurityAlgorithms.HmacSha256),
        });
    }
}
