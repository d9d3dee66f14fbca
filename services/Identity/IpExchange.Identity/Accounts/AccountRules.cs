using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;

namespace IpExchange.Identity.Accounts;

/// <summary>A new account as requested, its fields checked.</summary>
public sealed record NewAccount(string UserName, string Name, string Email, string? Password);

/// <summary>What makes a valid account, shared by an application's administrator and an invited user.</summary>
public static partial class AccountRules
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{2,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNameShape();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailShape();

    public const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789._-";

    public static string? Email(FieldErrors errors, string field, string? value)
    {
        var email = errors.Text(field, value, 254, multiLine: false);
        if (email is not null && !EmailShape().IsMatch(email))
        {
            errors.Add(field, "email.invalid", "An email address, e.g. name@example.com.");
            return null;
        }

        return email;
    }

    /// <summary>
    /// Checks a requested account field by field (errors under <paramref name="prefix"/>): the username's
    /// shape and that it is free, the email, and the password against the configured policy.
    /// </summary>
    public static async Task<NewAccount?> ReadNewAccount(UserManager<UserAccount> users, FieldErrors errors, string prefix,
        string? userName, string? name, string? email, string? password, bool passwordRequired)
    {
        var user = errors.Text(prefix + "userName", userName?.ToLowerInvariant(), 32, multiLine: false);
        if (user is not null && !UserNameShape().IsMatch(user))
        {
            errors.Add(prefix + "userName", "user-name.invalid", "3 to 32 characters: lower-case letters, digits and . _ -, starting with a letter or digit.");
            user = null;
        }
        else if (user is not null && await users.FindByNameAsync(user) is not null)
        {
            errors.Add(prefix + "userName", "user-name.taken", $"The username '{user}' is taken.", ("userName", user));
            user = null;
        }

        var person = errors.Text(prefix + "name", name, 50, multiLine: false);
        var address = Email(errors, prefix + "email", email);
        if (address is not null && await users.FindByEmailAsync(address) is not null)
        {
            errors.Add(prefix + "email", "email.taken", "Another account uses this email address.");
            address = null;
        }

        if (passwordRequired)
        {
            if (string.IsNullOrEmpty(password))
            {
                errors.Add(prefix + "password", FieldCodes.Required, "This field is required.");
            }
            else
            {
                var candidate = new UserAccount { UserName = user ?? userName ?? "" };
                foreach (var validator in users.PasswordValidators)
                {
                    var result = await validator.ValidateAsync(users, candidate, password);
                    foreach (var error in result.Errors)
                    {
                        errors.Add(prefix + "password", Code(error), error.Description);
                    }
                }
            }
        }

        return user is not null && person is not null && address is not null ? new NewAccount(user, person, address, password) : null;
    }

    /// <summary>Creates the account in <paramref name="organisationId"/> with its roles; an account without a password waits for its invitation to be accepted.</summary>
    public static async Task<UserAccount> Create(UserManager<UserAccount> users, NewAccount request, string organisationId, IReadOnlyList<string> roles,
        string? invitedBy, DateTimeOffset now, string prefix)
    {
        var account = new UserAccount
        {
            Id = $"u-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}",
            UserName = request.UserName,
            Email = request.Email,
            DisplayName = request.Name,
            OrganisationId = organisationId,
            InvitedBy = invitedBy,
            CreatedAt = now,
        };
        Check(request.Password is null ? await users.CreateAsync(account) : await users.CreateAsync(account, request.Password), prefix);
        var added = await users.AddToRolesAsync(account, roles);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(account);
            Check(added, prefix);
        }

        return account;
    }

    /// <summary>Roles inside the organisation: at least one, each of administrator, operator, signer.</summary>
    public static IReadOnlyList<string>? Roles(FieldErrors errors, string field, IReadOnlyList<string>? roles)
    {
        // Each role once at most: a longer list is not a list of roles (and is not read through).
        if (roles?.Count > OrganisationRoles.All.Count)
        {
            errors.Add(field, FieldCodes.TooMany, "At most one of each role: administrator, operator and signer.", ("max", OrganisationRoles.All.Count));
            return null;
        }

        var wanted = (roles ?? []).Select(r => r?.Trim().ToLowerInvariant() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            errors.Add(field, FieldCodes.Required, "At least one role: administrator, operator (经办人) or signer (签约人).");
            return null;
        }

        var unknown = wanted.Where(r => !OrganisationRoles.All.Contains(r, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(field, FieldCodes.NotAllowedValue, $"Unknown roles: {string.Join(", ", unknown)}. The roles are administrator, operator and signer.",
                ("allowed", OrganisationRoles.All.ToArray()));
            return null;
        }

        return [.. OrganisationRoles.All.Where(wanted.Contains)];
    }

    /// <summary>Identity's own refusals (a username or email taken meanwhile, a password rule) as field errors.</summary>
    public static void Check(IdentityResult result, string prefix)
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            // The account's stamp moved between the read and this update: another change came first.
            throw new ConcurrencyException("The account was changed by someone else at the same moment.");
        }

        var errors = new FieldErrors();
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                "DuplicateUserName" or "InvalidUserName" => "userName",
                "DuplicateEmail" or "InvalidEmail" => "email",
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
                _ => "account",
            };
            errors.Add(prefix + field, Code(error), error.Description);
        }

        errors.ThrowIfAny();
    }

    /// <summary>Identity's error codes as the API's stable field codes: PasswordTooShort → password.too-short.</summary>
    public static string Code(IdentityError error) => error.Code switch
    {
        "DuplicateUserName" => "user-name.taken",
        "InvalidUserName" => "user-name.invalid",
        "DuplicateEmail" => "email.taken",
        "InvalidEmail" => "email.invalid",
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password." + Kebab(error.Code["Password".Length..]),
        _ => "account." + Kebab(error.Code),
    };

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
