using System.Text;
using IpExchange.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using static IpExchange.Identity.SigningIn.AccountPages;

namespace IpExchange.Identity.SigningIn;

/// <summary>
/// Setting a password from a letter's link: an invited user's first password and a forgotten one alike
/// (both are ASP.NET Core Identity's reset tokens, valid for <c>TokenLifespan</c>). Setting it also ends
/// a lockout, confirms the email the link went to, and revokes the account's refresh tokens.
/// </summary>
public static class PasswordPages
{
    public const string ForgotPath = "/account/forgot-password";
    public const string ResetPath = "/account/reset-password";

    public sealed record ForgotForm(string? UserName, string? Lang);

    public sealed record ResetForm(string? User, string? Token, string? Password, string? Confirm, string? Invited, string? Lang);

    /// <summary>The link of a letter that lets <paramref name="user"/> set a password.</summary>
    public static async Task<Uri> Link(UserManager<UserAccount> users, IdentitySettings settings, UserAccount user, bool invited)
    {
        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        return settings.PublicUrl($"{ResetPath.TrimStart('/')}?user={Uri.EscapeDataString(user.Id)}&token={token}{(invited ? "&invited=1" : "")}");
    }

    public static void Map(WebApplication app)
    {
        app.MapGet(ForgotPath, (HttpContext http, AccountPages pages, string? lang) => Forgot(http, pages, Language(lang, null), sent: false))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost(ForgotPath, async (HttpContext http, [FromForm] ForgotForm form, AccountPages pages, UserManager<UserAccount> users,
            IdentitySettings settings, IAccountLetters letters) =>
        {
            var name = form.UserName?.Trim() ?? "";
            var user = name.Length == 0 ? null : await users.FindByNameAsync(name) ?? await users.FindByEmailAsync(name);
            if (user?.Email is { } email)
            {
                await letters.Send(new AccountLetter(user.Id, user.UserName!, email, "IpExchange: reset your password / 重置密码",
                    await Link(users, settings, user, invited: false)), http.RequestAborted);
            }

            // The same answer whether or not the account exists: the page does not tell which usernames do.
            return Forgot(http, pages, Language(form.Lang, null), sent: true);
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet(ResetPath, async (HttpContext http, AccountPages pages, UserManager<UserAccount> users, MemberSignIn members, IdentitySettings settings,
            string? user, string? token, string? invited, string? lang) =>
        {
            var account = string.IsNullOrEmpty(user) ? null : await users.FindByIdAsync(user);
            return await Reset(http, pages, members, settings, Language(lang, null), account, token, invited == "1", errors: account is null || string.IsNullOrEmpty(token) ? [T(Language(lang, null), "reset.invalid")] : []);
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(ResetPath, async (HttpContext http, [FromForm] ResetForm form, AccountPages pages, UserManager<UserAccount> users,
            MemberSignIn members, IdentitySettings settings, IOpenIddictTokenManager tokens) =>
        {
            var lang = Language(form.Lang, null);
            var invited = form.Invited == "1";
            var account = string.IsNullOrEmpty(form.User) ? null : await users.FindByIdAsync(form.User);
            if (account is null || string.IsNullOrEmpty(form.Token))
            {
                return await Reset(http, pages, members, settings, lang, null, null, invited, [T(lang, "reset.invalid")]);
            }

            if (form.Password != form.Confirm)
            {
                return await Reset(http, pages, members, settings, lang, account, form.Token, invited, [T(lang, "reset.mismatch")]);
            }

            string token;
            try
            {
                token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(form.Token));
            }
            catch (FormatException)
            {
                return await Reset(http, pages, members, settings, lang, account, form.Token, invited, [T(lang, "reset.invalid")]);
            }

            var result = await users.ResetPasswordAsync(account, token, form.Password ?? "");
            if (!result.Succeeded)
            {
                var errors = result.Errors.Select(e => e.Code == "InvalidToken" ? T(lang, "reset.invalid") : T(lang, e.Code) == e.Code ? e.Description : T(lang, e.Code));
                return await Reset(http, pages, members, settings, lang, account, form.Token, invited, [.. errors.Distinct(StringComparer.Ordinal)]);
            }

            account.EmailConfirmed = true;
            await users.UpdateAsync(account);
            await users.SetLockoutEndDateAsync(account, null);
            await users.ResetAccessFailedCountAsync(account);
            await tokens.RevokeBySubjectAsync(account.Id, http.RequestAborted);
            var body = $"""
                    <h1>{E(T(lang, "reset.title"))}</h1>
                    {Banner("ok", T(lang, "reset.done"), "reset-done")}
                    <p><a href="/" data-test="to-login">{E(T(lang, "reset.to-login"))}</a></p>
                """;
            return pages.Page(http, lang, T(lang, "reset.title"), body);
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Forgot(HttpContext http, AccountPages pages, string lang, bool sent)
    {
        var body = $"""
                <h1>{E(T(lang, "forgot.title"))}</h1>
                {(sent ? Banner("ok", T(lang, "forgot.sent"), "forgot-sent") : "")}
                <form method="post" action="{ForgotPath}" novalidate>
                  {pages.Antiforgery(http)}
                  {Hidden("Lang", lang)}
                  {Field(T(lang, "forgot.user"), "UserName", "text", null, "username", test: "username")}
                  <div class="actions"><button type="submit" class="primary">{E(T(lang, "forgot.submit"))}</button></div>
                </form>
            """;
        return pages.Page(http, lang, T(lang, "forgot.title"), body);
    }

    private static async Task<IResult> Reset(HttpContext http, AccountPages pages, MemberSignIn members, IdentitySettings settings, string lang,
        UserAccount? account, string? token, bool invited, IReadOnlyList<string> errors)
    {
        var intro = "";
        if (account is not null)
        {
            var organisation = await members.Organisation(account.OrganisationId, http.RequestAborted);
            intro = invited
                ? T(lang, "reset.invited", organisation?.LegalName ?? account.OrganisationId, account.UserName ?? "")
                : T(lang, "reset.for", account.UserName ?? "");
        }

        var form = account is null || string.IsNullOrEmpty(token) ? "" : $"""
                <form method="post" action="{ResetPath}" novalidate>
                  {pages.Antiforgery(http)}
                  {Hidden("User", account.Id)}
                  {Hidden("Token", token)}
                  {Hidden("Invited", invited ? "1" : "0")}
                  {Hidden("Lang", lang)}
                  {Field(T(lang, "reset.password"), "Password", "password", null, "new-password", T(lang, "reset.policy", settings.PasswordMinimumLength), "new-password")}
                  {Field(T(lang, "reset.confirm"), "Confirm", "password", null, "new-password", test: "confirm-password")}
                  <div class="actions"><button type="submit" class="primary" data-test="reset-submit">{E(T(lang, "reset.submit"))}</button></div>
                </form>
            """;
        var body = $"""
                <h1>{E(T(lang, "reset.title"))}</h1>
                {(intro.Length == 0 ? "" : $"<p>{E(intro)}</p>")}
                {string.Concat(errors.Select(e => Banner("error", e, "reset-error")))}
                {form}
            """;
        return pages.Page(http, lang, T(lang, "reset.title"), body, errors.Count > 0 && http.Request.Method == HttpMethods.Post ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }
}
