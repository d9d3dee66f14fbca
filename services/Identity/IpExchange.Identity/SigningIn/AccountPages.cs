using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;

namespace IpExchange.Identity.SigningIn;

/// <summary>
/// The few pages the Identity service serves itself (sign-in, setting and resetting a password): plain
/// HTML forms, no script, Chinese first with English, in the web UI's look (its stylesheet, which the
/// gateway serves at the same origin). Every value is HTML-encoded.
/// </summary>
public sealed class AccountPages(IAntiforgery antiforgery, IdentitySettings settings)
{
    private static readonly Dictionary<string, (string Zh, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["brand"] = ("知识产权交易平台", "IP Exchange"),
        ["lang.switch"] = ("English", "中文"),
        ["login.title"] = ("会员登录", "Member sign-in"),
        ["login.username"] = ("用户名", "Username"),
        ["login.password"] = ("密码", "Password"),
        ["login.submit"] = ("登录", "Sign in"),
        ["login.forgot"] = ("忘记密码？", "Forgot your password?"),
        ["login.apply"] = ("还不是会员？申请入会（实名认证）", "Not a member yet? Apply for membership"),
        ["login.demo"] = ("演示账号（密码均为 demo-2026）", "Demo users (password demo-2026 for all)"),
        ["account.wrong-password"] = ("用户名或密码错误。", "The username or the password is wrong."),
        ["account.locked-out"] = ("登录失败次数过多，账号已暂时锁定，请稍后再试或重置密码。", "Too many failed sign-ins: the account is locked for a while. Try later or reset the password."),
        ["organisation.under-review"] = ("您单位的会员申请正在审核中，审核通过后即可登录。", "Your organisation's membership application is being reviewed; you can sign in once it is verified."),
        ["organisation.rejected"] = ("您单位的会员申请未通过审核：", "Your organisation's membership application was rejected: "),
        ["organisation.suspended"] = ("您单位的会员资格已被暂停：", "Your organisation's membership is suspended: "),
        ["organisation.unknown"] = ("该账号不属于任何会员单位。", "The account belongs to no member organisation."),
        ["account.unknown"] = ("账号不存在。", "The account does not exist."),
        ["forgot.title"] = ("找回密码", "Reset your password"),
        ["forgot.user"] = ("用户名或邮箱", "Username or email"),
        ["forgot.submit"] = ("发送重置链接", "Send the reset link"),
        ["forgot.sent"] = ("如该账号存在，重置密码的链接已发送到其邮箱（开发环境没有邮件服务器：链接写在身份服务的日志中）。",
            "If the account exists, a link to reset its password was sent to its email (Development has no mail server: the link is in the Identity service's log)."),
        ["reset.title"] = ("设置密码", "Set your password"),
        ["reset.invited"] = ("您已受邀加入 {0}。请为账号 {1} 设置密码。", "You were invited to {0}. Set a password for the account {1}."),
        ["reset.for"] = ("为账号 {0} 设置新密码。", "Set a new password for the account {0}."),
        ["reset.password"] = ("新密码", "New password"),
        ["reset.confirm"] = ("再次输入新密码", "The new password again"),
        ["reset.policy"] = ("至少 {0} 个字符，含字母和数字，不含用户名。", "At least {0} characters, with letters and digits, not containing the username."),
        ["reset.submit"] = ("保存密码", "Save the password"),
        ["reset.mismatch"] = ("两次输入的密码不一致。", "The two passwords differ."),
        ["reset.invalid"] = ("链接无效或已过期，请重新申请重置密码。", "The link is invalid or has expired; ask for a new one."),
        ["reset.done"] = ("密码已设置，请登录。", "Your password is set. Sign in."),
        ["reset.to-login"] = ("去登录", "Sign in"),
        ["PasswordTooShort"] = ("密码太短。", "The password is too short."),
        ["PasswordRequiresDigit"] = ("密码须包含数字。", "The password needs a digit."),
        ["PasswordRequiresLetter"] = ("密码须包含字母。", "The password needs a letter."),
        ["PasswordRequiresUniqueChars"] = ("密码中不同的字符太少。", "The password has too few different characters."),
        ["PasswordContainsUserName"] = ("密码不能包含用户名。", "The password must not contain the username."),
    };

    /// <summary>The page's language: an explicit <c>lang</c>, else the OpenID Connect <c>ui_locales</c> the web UI sent, else Chinese.</summary>
    public static string Language(string? lang, string? returnUrl)
    {
        if (lang is "en" or "zh")
        {
            return lang;
        }

        var query = returnUrl?.IndexOf('?', StringComparison.Ordinal) is int at && at >= 0 ? QueryHelpers.ParseQuery(returnUrl[at..]) : null;
        return query is not null && query.TryGetValue("ui_locales", out var locales) && locales.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase)
            ? "en" : "zh";
    }

    public static string T(string lang, string key) =>
        Texts.TryGetValue(key, out var text) ? lang == "en" ? text.En : text.Zh : key;

    public static string T(string lang, string key, params object[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, T(lang, key), args);

    /// <summary>The hidden antiforgery field of a form posted back to this service.</summary>
    public string Antiforgery(HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Hidden(tokens.FormFieldName, tokens.RequestToken ?? "");
    }

    public static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">";

    public static string Field(string label, string name, string type, string? value = null, string? autocomplete = null, string? help = null, string? test = null) =>
        $"""
        <div class="field"><label for="f-{E(name)}">{E(label)}</label>
        <input id="f-{E(name)}" name="{E(name)}" type="{type}"{(value is null ? "" : $" value=\"{E(value)}\"")}{(autocomplete is null ? "" : $" autocomplete=\"{autocomplete}\"")}{(test is null ? "" : $" data-test=\"{test}\"")}>
        {(help is null ? "" : $"<div class=\"help\">{E(help)}</div>")}</div>
        """;

    public static string Banner(string kind, string text, string? test = null) =>
        $"<div class=\"banner banner-{kind}\" role=\"{(kind == "error" ? "alert" : "status")}\"{(test is null ? "" : $" data-test=\"{test}\"")}>{E(text)}</div>";

    /// <summary>A whole page with its own Content-Security-Policy (the gateway adds a stricter one only to answers without one).</summary>
    public IResult Page(HttpContext http, string lang, string title, string body, int status = StatusCodes.Status200OK)
    {
        var switched = lang == "en" ? "zh" : "en";
        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value).Where(p => p.Key != "lang")
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v))).Append(KeyValuePair.Create("lang", (string?)switched));
        var html = $"""
            <!doctype html>
            <html lang="{(lang == "en" ? "en" : "zh-CN")}">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{E(title)} · {E(T(lang, "brand"))}</title>
              <link rel="stylesheet" href="/css/app.css">
              <link rel="icon" href="data:,">
            </head>
            <body>
              <header class="top">
                <a class="brand" href="/">{E(T(lang, "brand"))}</a>
                <nav class="nav"></nav>
                <a class="lang" data-test="lang" href="{E(http.Request.Path + QueryString.Create(query).ToString())}">{E(T(lang, "lang.switch"))}</a>
              </header>
              <main><div class="login">
            {body}
              </div></main>
            </body>
            </html>
            """;
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy();
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>Forms post back here; a sign-in then redirects to the web UI's callback, so its origins may be form targets too.</summary>
    private string ContentSecurityPolicy()
    {
        var origins = settings.WebRedirectUris.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>().Distinct(StringComparer.Ordinal);
        return $"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self' {string.Join(' ', origins)}; frame-ancestors 'none'; base-uri 'none'";
    }

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
