using System.Security.Claims;
using System.Security.Cryptography;
using IpExchange.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IpExchange.Testing;

/// <summary>
/// Tokens for in-process test hosts, without an Identity service: a test-only issuer with an RSA key
/// made for this test run. A host trusts it through <see cref="TrustTestTokens"/>, which replaces the
/// JWT bearer handler's discovery with this issuer's key after the product's own configuration ran;
/// nothing in the product's settings knows it. The tokens look like the Identity service's: RS256,
/// <c>typ: at+jwt</c>, the same claims.
/// </summary>
public static class TestIdentity
{
    public const string Issuer = "https://identity.ipexchange.test/";
    public const string Audience = "ipexchange";

    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "test-run-key" };

    /// <summary>
    /// Makes the host accept <see cref="Token"/>'s tokens: <c>Auth:Authority</c> names the test issuer,
    /// and the bearer handler reads its configuration from memory instead of a discovery document.
    /// </summary>
    public static IWebHostBuilder TrustTestTokens(this IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:Authority", Issuer);
        builder.UseSetting("Auth:Audience", Audience);
        return builder.ConfigureTestServices(services =>
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                configuration.SigningKeys.Add(Key);
                options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            }));
    }

    /// <summary>
    /// An access token for <paramref name="caller"/>. A caller without organisation roles gets all three
    /// (administrator, operator, signer), as each demo organisation's one user has them; a caller
    /// without an organisation kind gets the kind its role stands for.
    /// </summary>
    public static string Token(Caller caller, TimeSpan? lifetime = null, DateTimeOffset? now = null,
        SecurityKey? key = null, string issuer = Issuer, string audience = Audience)
    {
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var identity = new ClaimsIdentity(
        [
            new Claim(IpExchangeClaims.Subject, caller.UserId),
            new Claim(IpExchangeClaims.Name, caller.Name),
            new Claim(IpExchangeClaims.Organisation, caller.OrganisationId),
            new Claim(IpExchangeClaims.OrganisationName, caller.OrganisationName),
            new Claim(IpExchangeClaims.OrganisationKind, caller.OrganisationKind ?? KindOf(caller.Role)),
            new Claim(IpExchangeClaims.Role, caller.Role),
            new Claim("jti", Guid.NewGuid().ToString("N")),
        ]);
        identity.AddClaims((caller.OrganisationRoles ?? OrganisationRoles.All).Select(r => new Claim(IpExchangeClaims.OrganisationRole, r)));
        if (caller.Group is not null)
        {
            identity.AddClaim(new Claim(IpExchangeClaims.Group, caller.Group));
        }

        if (caller.Region is not null)
        {
            identity.AddClaim(new Claim(IpExchangeClaims.Region, caller.Region));
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = identity,
            TokenType = "at+jwt",
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromMinutes(30)),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static string KindOf(string role) => role switch
    {
        Roles.University => "UniversityOrInstitute",
        Roles.Enterprise => "Enterprise",
        Roles.Exchange => "Exchange",
        Roles.Bank => "Bank",
        Roles.Guarantor => "GuaranteeInstitution",
        Roles.Agency => "ServiceAgency",
        _ => role,
    };
}
