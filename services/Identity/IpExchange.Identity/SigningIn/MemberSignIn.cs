using System.Collections.Immutable;
using System.Security.Claims;
using IpExchange.Identity.Accounts;
using IpExchange.Identity.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IpExchange.Identity.SigningIn;

/// <summary>Why a user may not sign in (or refresh) now: a stable code, a sentence, and the status a form answers with.</summary>
public sealed record SignInRefusal(string Code, string Message, int Status)
{
    public static SignInRefusal WrongPassword { get; } = new("account.wrong-password", "The username or the password is wrong.", StatusCodes.Status401Unauthorized);

    public static SignInRefusal LockedOut(DateTimeOffset? until) => new("account.locked-out",
        until is { } end ? $"Too many failed sign-ins: the account is locked until {end:yyyy-MM-dd HH:mm} UTC." : "The account is locked.",
        StatusCodes.Status423Locked);
}

/// <summary>
/// Who may sign in, and what their tokens say. A user signs in only while their organisation is a
/// verified member in good standing, checked at every sign-in and every refresh, so a suspension
/// stops a user at their next refresh (access tokens live <c>AccessTokenMinutes</c>).
/// </summary>
public sealed class MemberSignIn(UserManager<UserAccount> users, EventStore.EventStore store, IOpenIddictScopeManager scopes, IdentitySettings settings)
{
    /// <summary>The claim OpenIddict's passthrough handlers leave for the JSON token endpoint: why a grant was refused.</summary>
    public const string RefusalItem = "ipx.signin-refusal";

    public async Task<OrganisationView?> Organisation(string organisationId, CancellationToken cancellationToken)
    {
        await using var session = store.Marten.QuerySession();
        return await session.LoadAsync<OrganisationView>(Organisations.Organisation.StreamId(organisationId), cancellationToken);
    }

    /// <summary>Null when <paramref name="user"/> may sign in now (their password already checked).</summary>
    public async Task<SignInRefusal?> Refusal(UserAccount user, CancellationToken cancellationToken)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return SignInRefusal.LockedOut(await users.GetLockoutEndDateAsync(user));
        }

        return OrganisationRefusal(await Organisation(user.OrganisationId, cancellationToken));
    }

    public static SignInRefusal? OrganisationRefusal(OrganisationView? organisation) => organisation?.Status switch
    {
        OrganisationStatus.Verified => null,
        OrganisationStatus.Applied => new("organisation.under-review",
            "Your organisation's membership application is still being reviewed by the exchange.", StatusCodes.Status403Forbidden),
        OrganisationStatus.Rejected => new("organisation.rejected",
            $"Your organisation's membership application was rejected: {organisation.Reason}", StatusCodes.Status403Forbidden),
        OrganisationStatus.Suspended => new("organisation.suspended",
            $"Your organisation's membership is suspended: {organisation.Reason}", StatusCodes.Status403Forbidden),
        _ => new("organisation.unknown", "The account belongs to no member organisation.", StatusCodes.Status403Forbidden),
    };

    /// <summary>The claims of a user's tokens, read afresh from the account and the organisation (a changed role or name shows in the next token).</summary>
    public async Task<ClaimsIdentity> UserIdentity(UserAccount user, OrganisationView organisation, ImmutableArray<string> requestedScopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaim(Claims.Email, user.Email);
        AddOrganisation(identity, organisation);
        identity.SetClaims(IpExchangeClaims.OrganisationRole, [.. (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal)]);
        return await Finish(identity, requestedScopes);
    }

    /// <summary>A machine integration's claims: its client id as subject, the organisation it acts for, no roles inside it (it signs nothing).</summary>
    public async Task<ClaimsIdentity> MachineIdentity(string clientId, string? displayName, OrganisationView organisation, ImmutableArray<string> requestedScopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, displayName ?? clientId);
        AddOrganisation(identity, organisation);
        return await Finish(identity, requestedScopes);
    }

    public MachineClientSettings? MachineClient(string clientId) =>
        settings.MachineClients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, IpExchangeClaims.Role);

    private static void AddOrganisation(ClaimsIdentity identity, OrganisationView organisation)
    {
        identity.SetClaim(IpExchangeClaims.Organisation, organisation.OrganisationId)
            .SetClaim(IpExchangeClaims.OrganisationName, organisation.LegalName)
            .SetClaim(IpExchangeClaims.OrganisationKind, organisation.Kind.ToString())
            .SetClaim(IpExchangeClaims.Role, Roles.ForKind(organisation.Kind.ToString()))
            .SetClaim(IpExchangeClaims.Region, organisation.Region)
            .SetClaim(IpExchangeClaims.Group, organisation.Group);
    }

    private async Task<ClaimsIdentity> Finish(ClaimsIdentity identity, ImmutableArray<string> requestedScopes)
    {
        identity.SetScopes(requestedScopes);
        // The audience: each API scope is registered with its resource, which becomes "aud".
        identity.SetResources(await scopes.ListResourcesAsync(identity.GetScopes()).ToListAsync());
        identity.SetDestinations(Destinations);
        return identity;
    }

    // Everything goes into the access token (the services read it); the id_token, which the web UI reads,
    // carries who the user is when the profile scope was granted.
    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        Claims.Name or Claims.PreferredUsername or Claims.Email or IpExchangeClaims.Organisation or IpExchangeClaims.OrganisationName
            or IpExchangeClaims.Role or IpExchangeClaims.OrganisationRole
            when claim.Subject?.HasScope(Scopes.Profile) == true => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        _ => [OpenIddictConstants.Destinations.AccessToken],
    };
}
