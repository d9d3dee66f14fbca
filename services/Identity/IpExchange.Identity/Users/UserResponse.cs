using IpExchange.Identity.Accounts;
using IpExchange.Identity.SigningIn;
using Microsoft.AspNetCore.Identity;

namespace IpExchange.Identity.Users;

/// <summary>An account as its organisation's administrator sees it.</summary>
public sealed record UserResponse(
    string Id,
    string UserName,
    string Name,
    string? Email,
    string OrganisationId,
    IReadOnlyList<string> Roles,
    bool LockedOut,
    bool InvitationPending,
    string? InvitedBy,
    DateTimeOffset CreatedAt,
    string Version)
{
    public static async Task<UserResponse> From(UserManager<UserAccount> users, UserAccount account) => new(
        account.Id, account.UserName ?? "", account.DisplayName, account.Email, account.OrganisationId,
        [.. (await users.GetRolesAsync(account)).Order(StringComparer.Ordinal)],
        await users.IsLockedOutAsync(account), account.PasswordHash is null, account.InvitedBy, account.CreatedAt,
        UserVersion.Of(account));
}

/// <summary>
/// An account's version for If-Match: ASP.NET Core Identity's concurrency stamp, which every change
/// of the account (its roles included) replaces, and which its store checks on each update. Opaque,
/// so the ETag is the stamp itself, not a number like a stream's.
/// </summary>
public static class UserVersion
{
    public static string Of(UserAccount account) => account.ConcurrencyStamp ?? "";

    public static string Tag(UserAccount account) => $"\"{Of(account)}\"";

    /// <summary>
    /// Requires If-Match (428 without it) naming the account's current version (412 otherwise), so an
    /// administrator's change never silently undoes another's made since the page was read.
    /// </summary>
    public static void RequireCurrent(HttpRequest request, UserAccount account)
    {
        var tag = request.IfMatchTag() ?? throw new PreconditionRequiredException();
        if (!string.Equals(tag, Tag(account), StringComparison.Ordinal))
        {
            throw new ConcurrencyException($"User '{account.Id}' has changed since the version given in If-Match.");
        }
    }
}

/// <summary>Who manages an organisation's users: its administrators, while the organisation may act; exchange staff read them.</summary>
public static class UserAccess
{
    /// <summary>The organisation whose users the caller manages; refused while it is not a member in good standing.</summary>
    public static async Task<string> ManagedOrganisation(Caller caller, MemberSignIn members, CancellationToken cancellationToken)
    {
        if (!caller.IsAdministrator)
        {
            throw new ForbiddenException("Only an administrator of the organisation manages its users.");
        }

        if (MemberSignIn.OrganisationRefusal(await members.Organisation(caller.OrganisationId, cancellationToken)) is { } refusal)
        {
            throw new DomainRuleViolationException(refusal.Code, refusal.Message);
        }

        return caller.OrganisationId;
    }

    /// <summary>An account of <paramref name="organisationId"/>; any other is reported as not found.</summary>
    public static async Task<UserAccount> Account(UserManager<UserAccount> users, string organisationId, string userId) =>
        await users.FindByIdAsync(userId) is { } account && account.OrganisationId == organisationId
            ? account
            : throw new NotFoundException("user", userId);
}
