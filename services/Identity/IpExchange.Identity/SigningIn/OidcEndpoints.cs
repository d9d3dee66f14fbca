using System.Security.Claims;
using IpExchange.Identity.Accounts;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IpExchange.Identity.SigningIn;

/// <summary>
/// The passthrough handlers of OpenIddict's authorization, token and end-session endpoints: OpenIddict
/// has already checked the request (client, redirect URI, PKCE, the code or refresh token and whether it
/// was revoked); these decide who signs in and with which claims.
/// </summary>
public static class OidcEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapPost("/connect/token", Exchange).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], EndSession).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>
    /// Authorization code + PKCE for the web UI. Without a login session the browser goes to the login
    /// page and comes back here; with one, the code goes to the client's redirect URI. Consent is
    /// implicit: the web UI is the exchange's own client.
    /// </summary>
    private static async Task<IResult> Authorize(HttpContext http, UserManager<UserAccount> users, SignInManager<UserAccount> signIn, MemberSignIn members)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        var refusal = user is null ? null : await members.Refusal(user, http.RequestAborted);
        if (user is null || refusal is not null || request.HasPromptValue(PromptValues.Login) && !FreshLogin(session))
        {
            if (refusal is not null)
            {
                // The session outlived the membership (suspended since): the login page says why at the next try.
                await signIn.SignOutAsync();
            }

            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            var query = http.Request.HasFormContentType ? QueryString.Create(http.Request.Form) : http.Request.QueryString;
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + query },
                [IdentityConstants.ApplicationScheme]);
        }

        var organisation = (await members.Organisation(user.OrganisationId, http.RequestAborted))!;
        var identity = await members.UserIdentity(user, organisation, request.GetScopes());
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Exchange(HttpContext http, UserManager<UserAccount> users, SignInManager<UserAccount> signIn,
        MemberSignIn members, IOpenIddictApplicationManager applications)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var cancellationToken = http.RequestAborted;

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = result.Principal?.GetClaim(Claims.Subject);
            var user = subject is null ? null : await users.FindByIdAsync(subject);
            if (user is null)
            {
                return Refuse(http, new SignInRefusal("account.unknown", "The account no longer exists.", StatusCodes.Status401Unauthorized));
            }

            // Checked again at every refresh: a suspension or a lockout ends the session at the next refresh.
            if (await members.Refusal(user, cancellationToken) is { } refusal)
            {
                return Refuse(http, refusal);
            }

            var organisation = (await members.Organisation(user.OrganisationId, cancellationToken))!;
            var identity = await members.UserIdentity(user, organisation, result.Principal!.GetScopes());
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has authenticated the confidential client (its secret) and checked its scope permissions.
            var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
                ?? throw new InvalidOperationException("The application cannot be found.");
            var machine = members.MachineClient(request.ClientId!);
            var organisation = machine is null ? null : await members.Organisation(machine.OrganisationId, cancellationToken);
            if (MemberSignIn.OrganisationRefusal(organisation) is { } refusal)
            {
                return Refuse(http, refusal, Errors.InvalidClient);
            }

            var identity = await members.MachineIdentity(request.ClientId!, await applications.GetDisplayNameAsync(application, cancellationToken),
                organisation!, request.GetScopes());
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsPasswordGrantType())
        {
            // Reached only where Identity:DevelopmentTokens enabled the grant; elsewhere OpenIddict has
            // answered unsupported_grant_type before this runs.
            var user = string.IsNullOrEmpty(request.Username) ? null : await users.FindByNameAsync(request.Username);
            if (user is null)
            {
                return Refuse(http, SignInRefusal.WrongPassword);
            }

            var check = await signIn.CheckPasswordSignInAsync(user, request.Password ?? "", lockoutOnFailure: true);
            if (check.IsLockedOut)
            {
                return Refuse(http, SignInRefusal.LockedOut(await users.GetLockoutEndDateAsync(user)));
            }

            if (!check.Succeeded)
            {
                return Refuse(http, SignInRefusal.WrongPassword);
            }

            if (await members.Refusal(user, cancellationToken) is { } refusal)
            {
                return Refuse(http, refusal);
            }

            var organisation = (await members.Organisation(user.OrganisationId, cancellationToken))!;
            var identity = await members.UserIdentity(user, organisation, request.GetScopes());
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    /// <summary>Signs out of the login session and sends the browser to the client's registered post-logout address.</summary>
    private static async Task<IResult> EndSession(SignInManager<UserAccount> signIn)
    {
        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// prompt=login asks for the password again even with a session. The browser comes back from the login
    /// page with the same request, prompt=login still in it: a session made within the last minute satisfies it.
    /// </summary>
    private static bool FreshLogin(AuthenticateResult session) =>
        session.Properties?.IssuedUtc is { } issued && DateTimeOffset.UtcNow - issued < TimeSpan.FromMinutes(1);

    private static IResult Refuse(HttpContext http, SignInRefusal refusal, string error = Errors.InvalidGrant)
    {
        http.Items[MemberSignIn.RefusalItem] = refusal;
        return Forbid(error, refusal.Message);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
