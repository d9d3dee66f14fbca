using System.ComponentModel.DataAnnotations;
using IpExchange.Identity.Accounts;
using IpExchange.Identity.Organisations;
using IpExchange.Identity.SigningIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace IpExchange.Identity.Users;

public sealed record RolesRequest([Required] IReadOnlyList<string>? Roles);

public sealed record MeResponse(UserResponse User, OrganisationResponse? Organisation);

/// <summary>
/// The organisation administrator's users page: the list, a user's roles, lifting a lockout. An
/// organisation always keeps an administrator, or nobody could invite anyone again.
/// </summary>
public static class ManageUsers
{
    public static void Map(RouteGroupBuilder users)
    {
        users.MapGet("/", async (HttpContext http, AccountsDb db, UserManager<UserAccount> accounts, MemberSignIn members, string? organisationId) =>
        {
            var caller = http.Caller();
            // Exchange staff read any organisation's users; an administrator reads their own organisation's.
            var organisation = caller.IsExchange && !string.IsNullOrEmpty(organisationId)
                ? organisationId
                : await UserAccess.ManagedOrganisation(caller, members, http.RequestAborted);
            var list = await db.Users.Where(u => u.OrganisationId == organisation).OrderBy(u => u.CreatedAt).ThenBy(u => u.UserName).ToListAsync(http.RequestAborted);
            var answer = new List<UserResponse>(list.Count);
            foreach (var account in list)
            {
                answer.Add(await UserResponse.From(accounts, account));
            }

            return Results.Ok(answer);
        })
        .WithSummary("The users of the caller's organisation (its administrator; exchange staff name any organisationId)");

        users.MapGet("/me", async (HttpContext http, UserManager<UserAccount> accounts, MemberSignIn members) =>
        {
            var caller = http.Caller();
            var account = await accounts.FindByIdAsync(caller.UserId) ?? throw new NotFoundException("user", caller.UserId);
            var organisation = await members.Organisation(account.OrganisationId, http.RequestAborted);
            return Results.Ok(new MeResponse(await UserResponse.From(accounts, account), organisation is null ? null : OrganisationResponse.From(organisation)));
        })
        .WithSummary("The signed-in user and their organisation");

        users.MapGet("/{id}", async (string id, HttpContext http, UserManager<UserAccount> accounts, MemberSignIn members) =>
        {
            var caller = http.Caller();
            var account = caller.IsExchange
                ? await accounts.FindByIdAsync(id) ?? throw new NotFoundException("user", id)
                : await UserAccess.Account(accounts, await UserAccess.ManagedOrganisation(caller, members, http.RequestAborted), id);
            http.Response.Headers.ETag = UserVersion.Tag(account);
            return Results.Ok(await UserResponse.From(accounts, account));
        })
        .WithSummary("One user of the caller's organisation (its administrator; exchange staff any), with the version to send in If-Match");

        users.MapPut("/{id}/roles", async (string id, RolesRequest request, HttpContext http, UserManager<UserAccount> accounts, MemberSignIn members) =>
        {
            var caller = http.Caller();
            var organisationId = await UserAccess.ManagedOrganisation(caller, members, http.RequestAborted);
            var account = await UserAccess.Account(accounts, organisationId, id);
            var errors = new FieldErrors();
            var roles = AccountRules.Roles(errors, "roles", request.Roles);
            errors.ThrowIfAny();
            UserVersion.RequireCurrent(http.Request, account);

            var current = await accounts.GetRolesAsync(account);
            if (current.Contains(OrganisationRoles.Administrator) && !roles!.Contains(OrganisationRoles.Administrator)
                && (await accounts.GetUsersInRoleAsync(OrganisationRoles.Administrator)).Count(u => u.OrganisationId == organisationId) <= 1)
            {
                throw Rule.Broken("organisation.last-administrator", "roles", "The organisation's last administrator keeps the administrator role.");
            }

            AccountRules.Check(await accounts.RemoveFromRolesAsync(account, current.Except(roles!)), "");
            AccountRules.Check(await accounts.AddToRolesAsync(account, roles!.Except(current)), "");
            http.Response.Headers.ETag = UserVersion.Tag(account);
            return Results.Ok(await UserResponse.From(accounts, account));
        })
        .WithSummary("Set a user's roles in the organisation (its administrator; If-Match: the user's version); they show in the user's next token");

        users.MapPost("/{id}/unlock", async (string id, HttpContext http, UserManager<UserAccount> accounts, MemberSignIn members) =>
        {
            var caller = http.Caller();
            var organisationId = await UserAccess.ManagedOrganisation(caller, members, http.RequestAborted);
            var account = await UserAccess.Account(accounts, organisationId, id);
            AccountRules.Check(await accounts.SetLockoutEndDateAsync(account, null), "");
            AccountRules.Check(await accounts.ResetAccessFailedCountAsync(account), "");
            return Results.Ok(await UserResponse.From(accounts, account));
        })
        .WithSummary("Lift a user's lockout after failed sign-ins (its administrator)");
    }
}
