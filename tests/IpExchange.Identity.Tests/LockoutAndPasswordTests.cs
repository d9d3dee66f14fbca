using System.Net;
using System.Net.Http.Json;

namespace IpExchange.Identity.Tests;

[Collection("identity")]
public sealed class LockoutAndPasswordTests(IdentityHost host)
{
    private IdentityService Service => host.Service;

    [Fact]
    public async Task The_configured_number_of_wrong_passwords_locks_the_account_for_every_way_in_until_its_administrator_lifts_it()
    {
        var member = await host.VerifiedMember();
        using var admin = Service.Client((await Service.Password(member.AdminUserName, member.AdminPassword)).AccessToken);
        var invited = await Body(await admin.PostAsJsonAsync("api/users", new { userName = $"lk-{Guid.NewGuid():N}"[..14], name = "郑经办", email = $"lk-{Guid.NewGuid():N}@example.com", roles = new[] { "operator" } }));
        var userName = invited.GetProperty("userName").GetString()!;
        using (var accept = new Browser(Service.Address))
        {
            await accept.SubmitForm(Service.Letters.Last(userName).Link, new() { ["Password"] = "Right-pass-1", ["Confirm"] = "Right-pass-1" });
        }

        using var browser = new Browser(Service.Address);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < IdentityService.MaxFailedAttempts; i++)
        {
            statuses.Add((await browser.SignIn(userName, $"wrong-{i}")).PageStatus);
        }

        var right = await browser.SignIn(userName, "Right-pass-1");
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)423], statuses);
        Assert.Equal((HttpStatusCode)423, right.PageStatus);
        using var json = Service.Client();
        var devToken = await json.PostAsJsonAsync("auth/token", new { username = userName, password = "Right-pass-1" });
        Assert.Equal((HttpStatusCode)423, devToken.StatusCode);
        Assert.Equal("account.locked-out", (await Body(devToken)).GetProperty("rule").GetString());

        var listed = await Body(await admin.GetAsync("api/users"));
        Assert.True(listed.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("lockedOut").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"api/users/{invited.GetProperty("id").GetString()}/unlock", null)).StatusCode);
        Assert.NotNull((await browser.SignIn(userName, "Right-pass-1")).Tokens?.AccessToken);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_letters_link_and_the_old_one_stops_working()
    {
        var member = await host.VerifiedMember();
        using var browser = new Browser(Service.Address);
        var before = (await browser.SignIn(member.AdminUserName, member.AdminPassword)).Tokens!;
        var forgot = await browser.SubmitForm(new Uri(Service.Address, "account/forgot-password"), new() { ["UserName"] = member.AdminUserName });
        Assert.Contains("data-test=\"forgot-sent\"", await forgot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Unknown accounts get the same page: it does not tell which usernames exist.
        var unknown = await browser.SubmitForm(new Uri(Service.Address, "account/forgot-password"), new() { ["UserName"] = "nobody-at-all" });
        Assert.Contains("data-test=\"forgot-sent\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var link = Service.Letters.Last(member.AdminUserName).Link;
        Assert.StartsWith(Service.Issuer + "account/reset-password?", link.ToString(), StringComparison.Ordinal);
        using var resetter = new Browser(Service.Address);
        var weak = await resetter.SubmitForm(link, new() { ["Password"] = "short", ["Confirm"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var reset = await resetter.SubmitForm(link, new() { ["Password"] = "New-passw0rd", ["Confirm"] = "New-passw0rd" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        Assert.Equal("invalid_grant", (await Service.Password(member.AdminUserName, member.AdminPassword)).Error);
        Assert.NotNull((await Service.Password(member.AdminUserName, "New-passw0rd")).AccessToken);
        // Setting a password ends the sessions that had the old one: their refresh tokens are revoked.
        Assert.Equal("invalid_grant", (await Service.Refresh(before.RefreshToken!)).Error);
        // A link is used once.
        var replayed = await resetter.SubmitForm(link, new() { ["Password"] = "Other-passw0rd", ["Confirm"] = "Other-passw0rd" });
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
    }

    [Fact]
    public async Task The_login_page_speaks_chinese_first_and_english_when_the_web_ui_asks()
    {
        using var browser = new Browser(Service.Address);
        var (_, challenge) = Browser.Pkce();
        var zh = await browser.Http.GetAsync(browser.AuthorizeUrl(challenge, "s1"));
        var zhPage = await (await browser.Http.GetAsync(zh.Headers.Location)).Content.ReadAsStringAsync();
        var en = await browser.Http.GetAsync(browser.AuthorizeUrl(challenge, "s2", "&ui_locales=en&login_hint=swrtu"));
        var enPage = await browser.Http.GetAsync(en.Headers.Location);
        var enHtml = await enPage.Content.ReadAsStringAsync();

        Assert.Contains("会员登录", zhPage, StringComparison.Ordinal);
        Assert.Contains("Member sign-in", enHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"swrtu\"", enHtml, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", enPage.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
