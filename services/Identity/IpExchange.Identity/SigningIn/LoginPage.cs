using IpExchange.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using static IpExchange.Identity.SigningIn.AccountPages;

namespace IpExchange.Identity.SigningIn;

/// <summary>
/// <c>/account/login</c>: the one place a password is typed. The authorization endpoint sends the browser
/// here and gets it back with a login session (the Identity cookie); a failure counts towards the lockout.
/// </summary>
public static class LoginPage
{
    public const string Path = "/account/login";

    public sealed record LoginForm(string? UserName, string? Password, string? ReturnUrl, string? Lang);

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, (HttpContext http, AccountPages pages, IdentitySettings settings, string? returnUrl, string? lang, string? user) =>
            Show(http, pages, settings, Local(returnUrl), Language(lang, returnUrl), user ?? LoginHint(returnUrl), refusal: null))
            .AllowAnonymous().ExcludeFromDescription();

        // Binding a form turns antiforgery validation on (UseAntiforgery).
        app.MapPost(Path, async (HttpContext http, [FromForm] LoginForm form, AccountPages pages, IdentitySettings settings,
            UserManager<UserAccount> users, SignInManager<UserAccount> signIn, MemberSignIn members) =>
        {
            var returnUrl = Local(form.ReturnUrl);
            var lang = Language(form.Lang, form.ReturnUrl);
            var user = string.IsNullOrWhiteSpace(form.UserName) ? null : await users.FindByNameAsync(form.UserName.Trim());
            if (user is null)
            {
                return Show(http, pages, settings, returnUrl, lang, form.UserName, SignInRefusal.WrongPassword);
            }

            var check = await signIn.CheckPasswordSignInAsync(user, form.Password ?? "", lockoutOnFailure: true);
            var refusal = check.IsLockedOut ? SignInRefusal.LockedOut(await users.GetLockoutEndDateAsync(user))
                : !check.Succeeded ? SignInRefusal.WrongPassword
                : await members.Refusal(user, http.RequestAborted);
            if (refusal is not null)
            {
                return Show(http, pages, settings, returnUrl, lang, form.UserName, refusal);
            }

            await signIn.SignInAsync(user, isPersistent: false);
            return Results.LocalRedirect(returnUrl);
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The username the web UI suggested (OpenID Connect <c>login_hint</c>, a demo user picked on its page).</summary>
    private static string? LoginHint(string? returnUrl) =>
        returnUrl?.IndexOf('?', StringComparison.Ordinal) is int at && at >= 0
            && Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[at..]).TryGetValue("login_hint", out var hint)
            ? hint.ToString() : null;

    /// <summary>Only a path of this origin: the page never sends a signed-in browser elsewhere.</summary>
    public static string Local(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static IResult Show(HttpContext http, AccountPages pages, IdentitySettings settings, string returnUrl, string lang, string? userName, SignInRefusal? refusal)
    {
        var message = refusal is null ? "" : Banner("error", Refusal(lang, refusal), "login-error");
        var demo = settings.ShowDemoUsers ? DemoUsers(lang, returnUrl) : "";
        var body = $"""
                <h1>{E(T(lang, "login.title"))}</h1>
                {message}
                <form method="post" action="{Path}" novalidate>
                  {pages.Antiforgery(http)}
                  {Hidden("ReturnUrl", returnUrl)}
                  {Hidden("Lang", lang)}
                  {Field(T(lang, "login.username"), "UserName", "text", userName, "username", test: "username")}
                  {Field(T(lang, "login.password"), "Password", "password", null, "current-password", test: "password")}
                  <div class="actions"><button type="submit" class="primary" data-test="login-submit">{E(T(lang, "login.submit"))}</button></div>
                </form>
                <p><a href="{E(PasswordPages.ForgotPath + "?lang=" + lang)}">{E(T(lang, "login.forgot"))}</a></p>
                <p><a href="/apply" data-test="apply">{E(T(lang, "login.apply"))}</a></p>
                {demo}
            """;
        return pages.Page(http, lang, T(lang, "login.title"), body, refusal?.Status ?? StatusCodes.Status200OK);
    }

    private static string Refusal(string lang, SignInRefusal refusal) =>
        refusal.Code is "organisation.rejected" or "organisation.suspended"
            ? T(lang, refusal.Code) + refusal.Message[(refusal.Message.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : T(lang, refusal.Code);

    // Development: the demo users, each a link that fills in the username (the password is the same for all).
    private static string DemoUsers(string lang, string returnUrl)
    {
        var items = DemoMembersFile.Users.Select(u =>
            $"<li><a href=\"{E($"{Path}?user={Uri.EscapeDataString(u.UserName)}&lang={lang}&returnUrl={Uri.EscapeDataString(returnUrl)}")}\">{E(u.UserName)}</a> {E(u.OrganisationName)}</li>");
        return $"<h2>{E(T(lang, "login.demo"))}</h2><ul class=\"demo-users\">{string.Concat(items)}</ul>";
    }

    /// <summary>The demo users as the seed file names them (read once).</summary>
    private static class DemoMembersFile
    {
        public static IReadOnlyList<(string UserName, string OrganisationName)> Users { get; } = Read();

        private static List<(string, string)> Read()
        {
            var members = Seeding.DemoMembers.Load();
            var names = members.Organisations.ToDictionary(o => o.Id, o => o.LegalName, StringComparer.Ordinal);
            return [.. members.Users.Select(u => (u.UserName, names.GetValueOrDefault(u.OrganisationId, u.OrganisationId)))];
        }
    }
}
