using IpExchange.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace IpExchange.Gateway.Identity;

public sealed record LoginRequest(string? Username, string? Password);

public sealed record UserView(string Id, string Name, string OrganisationId, string OrganisationName, string Role, string? Group, string? Region)
{
    public static UserView From(Caller caller) =>
        new(caller.UserId, caller.Name, caller.OrganisationId, caller.OrganisationName, caller.Role, caller.Group, caller.Region);
}

public sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType, UserView User);

/// <summary>
/// The built-in issuer: <c>POST /auth/token</c> signs a demo user in with username and password and
/// answers a signed JWT that the gateway and every service validate; <c>GET /auth/me</c> says who
/// the token's bearer is.
/// </summary>
public static class TokenEndpoints
{
    public const string LoginRateLimit = "login";

    public static WebApplicationBuilder AddDemoIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<IdentityOptions>(builder.Configuration.GetSection(IdentityOptions.Section));
        return builder;
    }

    public static void Map(WebApplication app)
    {
        var auth = app.MapGroup("/auth").WithTags("Identity");
        // With an external OIDC authority users sign in there; the built-in issuer stays off.
        if (string.IsNullOrEmpty(app.Configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Authority)}"]))
        {
            auth.MapPost("/token", IssueToken).AllowAnonymous().RequireRateLimiting(LoginRateLimit);
        }

        auth.MapGet("/me", (HttpContext http) => UserView.From(http.Caller()));
    }

    private static IResult IssueToken(LoginRequest? request, IOptionsSnapshot<IdentityOptions> identity, IOptions<AuthOptions> auth, TokenIssuer issuer)
    {
        if (string.IsNullOrWhiteSpace(request?.Username) || string.IsNullOrEmpty(request.Password))
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(request?.Username))
            {
                errors["username"] = ["The username is required."];
            }

            if (string.IsNullOrEmpty(request?.Password))
            {
                errors["password"] = ["The password is required."];
            }

            throw new ValidationFailedException(errors, "Send a username and a password.");
        }

        var username = request.Username.Trim();
        var user = identity.Value.Users.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));
        var valid = user is not null && user.Problem() is null
            ? PasswordHash.Verify(request.Password, user.PasswordHash)
            : PasswordHash.VerifyDecoy(request.Password);
        if (!valid || user is null)
        {
            // One answer for an unknown user and a wrong password: the response does not say which usernames exist.
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "The username or the password is wrong.");
        }

        var caller = user.ToCaller();
        var lifetime = TimeSpan.FromMinutes(auth.Value.TokenLifetimeMinutes);
        return Results.Ok(new TokenResponse(issuer.Issue(caller, lifetime), (int)lifetime.TotalSeconds, "Bearer", UserView.From(caller)));
    }
}
