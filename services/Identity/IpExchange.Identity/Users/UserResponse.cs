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
    DateTimeOffset CreatedAt)
{
    public static async Task<UserResponse> From(UserManager<UserAccount> users, UserAccount account) => new(
        account.Id, account.UserName ?? "", account.DisplayName, account.Email, account.OrganisationId,
        [.. (await users.GetRolesAsync(account)).Order(StringComparer.Ordinal)],
        await users.IsLockedOutAsync(account), account.PasswordHash is null, account.InvitedBy, account.CreatedAt);
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
