using System.ComponentModel.DataAnnotations;
using IpExchange.Identity.Accounts;
using IpExchange.Identity.SigningIn;
using Microsoft.AspNetCore.Identity;

namespace IpExchange.Identity.Users;

public sealed record InvitationRequest([Required] string? UserName, [Required] string? Name, [Required] string? Email, [Required] IReadOnlyList<string>? Roles);

/// <summary>
/// An organisation's administrator invites a user with their roles in it (administrator, operator 经办人,
/// signer 签约人). The account has no password until the invited person sets one through the letter's
/// link (in Development the letter goes to the log), then signs in like everyone else.
/// </summary>
public static class InviteUser
{
    public static void Map(RouteGroupBuilder users)
    {
        users.MapPost("/", async (InvitationRequest request, HttpContext http, UserManager<UserAccount> accounts, MemberSignIn members,
            IAccountLetters letters, IdentitySettings settings, TimeProvider time) =>
        {
            var caller = http.Caller();
            var organisationId = await UserAccess.ManagedOrganisation(caller, members, http.RequestAborted);
            var errors = new FieldErrors();
            var account = await AccountRules.ReadNewAccount(accounts, errors, "", request.UserName, request.Name, request.Email, password: null, passwordRequired: false);
            var roles = AccountRules.Roles(errors, "roles", request.Roles);
            errors.ThrowIfAny();

            var created = await AccountRules.Create(accounts, account!, organisationId, roles!, caller.UserId, time.GetUtcNow(), "");
            var organisation = await members.Organisation(organisationId, http.RequestAborted);
            await letters.Send(new AccountLetter(created.Id, created.UserName!, created.Email!,
                $"IpExchange: {organisation?.LegalName ?? organisationId} invites you / 邀请您加入",
                await PasswordPages.Link(accounts, settings, created, invited: true)), http.RequestAborted);
            return Results.Created($"/api/users/{created.Id}", await UserResponse.From(accounts, created));
        })
        .Produces<UserResponse>(StatusCodes.Status201Created)
        .WithSummary("Invite a user into the caller's organisation with their roles (its administrator)");
    }
}
