using Microsoft.AspNetCore.Identity;

namespace IpExchange.Identity.Accounts;

/// <summary>
/// The exchange's password policy beyond Identity's own length, digit and distinct-character rules
/// (configured in Program): a letter somewhere, and not the username inside it.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<UserAccount>
{
    public Task<IdentityResult> ValidateAsync(UserManager<UserAccount> manager, UserAccount user, string? password)
    {
        var errors = new List<IdentityError>();
        if (password is null || !password.Any(char.IsLetter))
        {
            errors.Add(new IdentityError { Code = "PasswordRequiresLetter", Description = "Passwords must have at least one letter." });
        }

        if (password is not null && user.UserName is { Length: >= 3 } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "Passwords must not contain the username." });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
