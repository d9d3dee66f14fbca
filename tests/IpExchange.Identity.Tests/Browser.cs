using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace IpExchange.Identity.Tests;

/// <summary>What a sign-in through the login page came to: the page's answer when it refused, the tokens when it did not.</summary>
public sealed record LoginAttempt(HttpStatusCode PageStatus, string Page, TokenAnswer? Tokens);

/// <summary>
/// A browser played with HttpClient: keeps cookies, follows no redirect by itself, and walks the
/// authorization code flow with PKCE the way the web UI sends a real browser through it.
/// </summary>
public sealed partial class Browser : IDisposable
{
    public const string ClientId = "ipx-web";
    public const string Scope = "openid profile offline_access ipexchange";

    private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };

    public Browser(Uri origin)
    {
        Origin = origin;
        Http = new HttpClient(_handler) { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Origin { get; }

    public HttpClient Http { get; }

    public Uri Callback => new(Origin, "signin-callback");

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (verifier, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public string AuthorizeUrl(string challenge, string state, string? extra = null) =>
        $"connect/authorize?client_id={ClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(Callback.ToString())}"
        + $"&scope={Uri.EscapeDataString(Scope)}&code_challenge={challenge}&code_challenge_method=S256&state={state}{extra}";

    /// <summary>
    /// The whole flow: authorize (→ login page when there is no session), the login form with its
    /// antiforgery token, back to authorize, the code at the callback, and the code redeemed with the verifier.
    /// </summary>
    public async Task<LoginAttempt> SignIn(string userName, string password)
    {
        var (verifier, challenge) = Pkce();
        var state = Guid.NewGuid().ToString("N");
        using var authorize = await Http.GetAsync(AuthorizeUrl(challenge, state));
        var location = authorize.Headers.Location ?? throw new InvalidOperationException($"authorize answered {(int)authorize.StatusCode} without a redirect");
        if (!IsCallback(location))
        {
            using var form = await Http.GetAsync(location);
            var page = await form.Content.ReadAsStringAsync();
            using var login = await Post(LoginAction(page), new()
            {
                ["__RequestVerificationToken"] = Hidden(page, "__RequestVerificationToken"),
                ["ReturnUrl"] = Hidden(page, "ReturnUrl"),
                ["Lang"] = Hidden(page, "Lang"),
                ["UserName"] = userName,
                ["Password"] = password,
            });
            if (login.StatusCode != HttpStatusCode.Redirect)
            {
                return new LoginAttempt(login.StatusCode, await login.Content.ReadAsStringAsync(), null);
            }

            using var back = await Http.GetAsync(login.Headers.Location);
            location = back.Headers.Location ?? throw new InvalidOperationException($"authorize after login answered {(int)back.StatusCode}");
        }

        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(state, query["state"].ToString());
        var code = query.TryGetValue("code", out var c) ? c.ToString() : throw new InvalidOperationException($"no code at the callback: {location}");
        using var token = await Http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = ClientId, ["code"] = code,
            ["redirect_uri"] = Callback.ToString(), ["code_verifier"] = verifier,
        }));
        return new LoginAttempt(HttpStatusCode.OK, "", await TokenAnswer.From(token));
    }

    /// <summary>Posts a form of a page served by the Identity service.</summary>
    public Task<HttpResponseMessage> Post(string path, Dictionary<string, string> form) => Http.PostAsync(path.TrimStart('/'), new FormUrlEncodedContent(form));

    /// <summary>Opens a page (a letter's link) and posts its form back with its hidden fields and the given ones.</summary>
    public async Task<HttpResponseMessage> SubmitForm(Uri page, Dictionary<string, string> fields)
    {
        using var get = await Http.GetAsync(page);
        var html = await get.Content.ReadAsStringAsync();
        var form = HiddenFields().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return await Post(FormAction().Match(html).Groups["action"].Value, form);
    }

    private bool IsCallback(Uri location) => location.IsAbsoluteUri && location.GetLeftPart(UriPartial.Path) == Callback.ToString();

    private static string LoginAction(string page) => FormAction().Match(page).Groups["action"].Value;

    public static string Hidden(string page, string name) =>
        HiddenFields().Matches(page).FirstOrDefault(m => WebUtility.HtmlDecode(m.Groups["name"].Value) == name) is { } match
            ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException($"The page has no hidden field {name}.");

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenFields();

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormAction();
}
