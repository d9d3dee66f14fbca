using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IpExchange.Identity.SigningIn;

public sealed record LoginRequest(string? Username, string? Password);

public sealed record UserView(string Id, string UserName, string Name, string OrganisationId, string OrganisationName, string OrganisationKind,
    string Role, IReadOnlyList<string> OrganisationRoles, string? Group, string? Region);

public sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType, string? RefreshToken, UserView User);

/// <summary>
/// <c>POST /auth/token {"username","password"}</c>: a user's token without a browser, for scripts and
/// tests (the shape the demo issuer of earlier versions answered). Only where Identity:DevelopmentTokens
/// is on, which the service refuses outside Development and Testing. Not a second issuer: the request
/// is rewritten into OpenIddict's own password grant (client <c>ipx-dev-cli</c>) and its answer back into
/// this shape, so the token, the lockout and the membership checks are the real ones.
/// </summary>
public sealed class DevelopmentTokens(RequestDelegate next)
{
    public const string Path = "/auth/token";
    public const string ClientId = "ipx-dev-cli";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        LoginRequest? login;
        try
        {
            login = await JsonSerializer.DeserializeAsync<LoginRequest>(http.Request.Body, Json, http.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body must be JSON: {\"username\": \"...\", \"password\": \"...\"}.", e);
        }

        var errors = new FieldErrors();
        errors.Check(!string.IsNullOrWhiteSpace(login?.Username), "username", FieldCodes.Required, "The username is required.");
        errors.Check(!string.IsNullOrEmpty(login?.Password), "password", FieldCodes.Required, "The password is required.");
        errors.ThrowIfAny();

        // Into the token endpoint as a form, as any OAuth client would send it.
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = ClientId,
            ["username"] = login!.Username!.Trim(),
            ["password"] = login.Password!,
            ["scope"] = $"openid profile offline_access {IdentitySettings.ApiScope}",
        });
        http.Request.Path = "/connect/token";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        var body = await form.ReadAsByteArrayAsync(http.RequestAborted);
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        http.Request.Headers.Accept = "application/json";

        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
            http.Request.Path = Path;
        }

        await Answer(http, buffer.ToArray());
    }

    private static async Task Answer(HttpContext http, byte[] answer)
    {
        var payload = JsonDocument.Parse(answer.Length == 0 ? "{}"u8.ToArray() : answer).RootElement;
        http.Response.Headers.ContentLength = null;
        if (payload.TryGetProperty("access_token", out var accessToken))
        {
            var token = accessToken.GetString()!;
            var response = new TokenResponse(token, payload.GetProperty("expires_in").GetInt32(), "Bearer",
                payload.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null, User(new JsonWebToken(token)));
            http.Response.StatusCode = StatusCodes.Status200OK;
            await http.Response.WriteAsJsonAsync(response, Json, http.RequestAborted);
            return;
        }

        var refusal = http.Items[MemberSignIn.RefusalItem] as SignInRefusal
            ?? new SignInRefusal(payload.TryGetProperty("error", out var error) ? $"oauth.{error.GetString()}" : "oauth.error",
                payload.TryGetProperty("error_description", out var description) ? description.GetString() ?? "" : "The token endpoint refused.",
                StatusCodes.Status400BadRequest);
        // One answer for an unknown user and a wrong password: it does not tell which usernames exist.
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = refusal.Status,
            Title = refusal.Code == SignInRefusal.WrongPassword.Code ? "The username or the password is wrong." : refusal.Message,
            Extensions = { ["rule"] = refusal.Code },
        };
        http.Response.StatusCode = refusal.Status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    private static UserView User(JsonWebToken token)
    {
        string? Claim(string type) => token.TryGetClaim(type, out var claim) ? claim.Value : null;
        return new UserView(Claim(IpExchangeClaims.Subject)!, Claim("preferred_username") ?? "", Claim(IpExchangeClaims.Name) ?? "",
            Claim(IpExchangeClaims.Organisation)!, Claim(IpExchangeClaims.OrganisationName) ?? "", Claim(IpExchangeClaims.OrganisationKind) ?? "",
            Claim(IpExchangeClaims.Role) ?? "", [.. token.Claims.Where(c => c.Type == IpExchangeClaims.OrganisationRole).Select(c => c.Value)],
            Claim(IpExchangeClaims.Group), Claim(IpExchangeClaims.Region));
    }
}
