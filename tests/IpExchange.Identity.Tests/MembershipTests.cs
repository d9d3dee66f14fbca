using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts.Members;
using IpExchange.Identity.Organisations;
using IpExchange.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IpExchange.Identity.Tests;

[Collection("identity")]
public sealed class MembershipTests(IdentityHost host)
{
    private IdentityService Service => host.Service;

    [Fact]
    public async Task An_enterprise_applies_is_verified_invites_a_user_who_signs_in_by_code_and_pkce()
    {
        await using var published = await MessageLog.Start(Service.Bus, typeof(OrganisationVerified));

        // Step one: the organisation's details and a free code; step two: the whole application.
        var code = TestCodes.NewCreditCode();
        using var anonymous = Service.Client();
        var check = await anonymous.PostAsJsonAsync("api/organisations/applications/check", new
        {
            legalName = "湘江智造科技有限公司", creditCode = code.ToLowerInvariant(), kind = "Enterprise", region = "湖南", licenceNumber = code, licenceIssuedOn = "2022-03-01",
        });
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal(code, (await Body(check)).GetProperty("creditCode").GetString());
        var applicant = await host.Apply(creditCode: code);

        // Under review: the administrator's password is right, but the organisation is not a member yet.
        using (var early = new Browser(Service.Address))
        {
            var refused = await early.SignIn(applicant.AdminUserName, applicant.AdminPassword);
            Assert.Equal(HttpStatusCode.Forbidden, refused.PageStatus);
            Assert.Contains("审核", refused.Page, StringComparison.Ordinal);
        }

        using var staff = Service.Client(await Service.StaffToken());
        var queue = await Body(await staff.GetAsync("api/organisations?status=Applied&pageSize=100"));
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetString() == applicant.OrganisationId);
        var verified = await staff.PostAsync($"api/organisations/{applicant.OrganisationId}/verify", null);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("Verified", (await Body(verified)).GetProperty("status").GetString());
        await Eventually(() => Task.FromResult(published.OfType<OrganisationVerified>().Any(e =>
            e.OrganisationId == applicant.OrganisationId && e.LegalName == applicant.LegalName && e.CreditCode == code && e.Kind == OrganisationKind.Enterprise
            && e.Region == "湖南" && e.Group == "测试集团" && e.Version == 2)), "OrganisationVerified on RabbitMQ");

        // The administrator signs in by code + PKCE and invites an operator (经办人).
        using var adminBrowser = new Browser(Service.Address);
        var admin = await adminBrowser.SignIn(applicant.AdminUserName, applicant.AdminPassword);
        Assert.NotNull(admin.Tokens?.AccessToken);
        using var adminApi = Service.Client(admin.Tokens!.AccessToken);
        var invited = await adminApi.PostAsJsonAsync("api/users", new { userName = $"op-{applicant.AdminUserName[6..]}", name = "孙经办", email = $"op-{applicant.AdminUserName}@example.com", roles = new[] { "operator" } });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var user = await Body(invited);
        Assert.True(user.GetProperty("invitationPending").GetBoolean());
        var userName = user.GetProperty("userName").GetString()!;

        // The invitation's link sets the first password; then the user signs in like everyone.
        using var userBrowser = new Browser(Service.Address);
        var letter = Service.Letters.Last(userName);
        var accepted = await userBrowser.SubmitForm(letter.Link, new() { ["Password"] = "Operat0r-pass", ["Confirm"] = "Operat0r-pass" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("data-test=\"reset-done\"", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var signedIn = await userBrowser.SignIn(userName, "Operat0r-pass");
        var tokens = signedIn.Tokens!;
        Assert.NotNull(tokens.AccessToken);
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdToken);

        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(Service.Issuer, jwt.Issuer);
        Assert.Equal(["ipexchange"], jwt.Audiences);
        Assert.Equal(applicant.OrganisationId, jwt.GetClaim("org").Value);
        Assert.Equal(applicant.LegalName, jwt.GetClaim("org_name").Value);
        Assert.Equal("Enterprise", jwt.GetClaim("org_kind").Value);
        Assert.Equal("enterprise", jwt.GetClaim("role").Value);
        Assert.Equal(["operator"], jwt.Claims.Where(c => c.Type == "org_role").Select(c => c.Value));
        Assert.Equal("测试集团", jwt.GetClaim("group").Value);
        Assert.Equal("湖南", jwt.GetClaim("region").Value);

        using var userApi = Service.Client(tokens.AccessToken);
        var me = await userApi.GetAsync("api/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(applicant.LegalName, (await Body(me)).GetProperty("organisation").GetProperty("legalName").GetString());
        // An operator is no administrator: the users page is not theirs.
        Assert.Equal(HttpStatusCode.Forbidden, (await userApi.GetAsync("api/users")).StatusCode);

        var refreshed = await Service.Refresh(tokens.RefreshToken!);
        Assert.NotNull(refreshed.AccessToken);
        Assert.NotEqual(tokens.RefreshToken, refreshed.RefreshToken);
    }

    [Fact]
    public async Task A_wrong_check_character_is_a_400_naming_the_field()
    {
        var code = TestCodes.NewCreditCode();
        var wrong = code[..17] + (code[17] == '0' ? '1' : '0');
        using var anonymous = Service.Client();

        var check = await anonymous.PostAsJsonAsync("api/organisations/applications/check", new { legalName = "某某公司", creditCode = wrong, kind = "Enterprise", region = "湖南", licenceNumber = "x", licenceIssuedOn = "2022-03-01" });
        var apply = await anonymous.PostAsJsonAsync("api/organisations/applications", new Applicant("某某公司", wrong, "Enterprise", "someone-x", "Passw0rd-x", null).Request());

        // Step one's body is the organisation: the field is named as it is there.
        foreach (var (response, field) in new[] { (check, "creditCode"), (apply, "organisation.creditCode") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await Body(response);
            Assert.Contains("check character", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
            var entry = problem.GetProperty("codes").GetProperty(field)[0];
            Assert.Equal("credit-code.check-character", entry.GetProperty("code").GetString());
            Assert.Equal(TestCodes.CheckOf(wrong).ToString(), entry.GetProperty("expected").GetString());
        }
    }

    [Fact]
    public async Task An_application_names_every_bad_field_at_once()
    {
        using var anonymous = Service.Client();
        var response = await anonymous.PostAsJsonAsync("api/organisations/applications", new
        {
            organisation = new { legalName = "", creditCode = "123", kind = "Exchange", region = "", licenceNumber = "", licenceIssuedOn = "2999-01-01" },
            contact = new { name = "", phone = "abc", email = "not-an-email" },
            administrator = new { userName = "A B", name = "", email = "x", password = "short" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await Body(response);
        var errors = body.GetProperty("errors");
        Assert.Equal("json.not-allowed-value", body.GetProperty("codes").GetProperty("organisation.kind")[0].GetProperty("code").GetString());
        Assert.Equal("date.out-of-range", body.GetProperty("codes").GetProperty("organisation.licenceIssuedOn")[0].GetProperty("code").GetString());
        Assert.Equal("user-name.invalid", body.GetProperty("codes").GetProperty("administrator.userName")[0].GetProperty("code").GetString());
        Assert.Contains(body.GetProperty("codes").GetProperty("administrator.password").EnumerateArray(), c => c.GetProperty("code").GetString() == "password.too-short");
        foreach (var field in new[] { "organisation.legalName", "organisation.creditCode", "organisation.kind", "organisation.region", "organisation.licenceNumber",
            "organisation.licenceIssuedOn", "contact.name", "contact.phone", "contact.email", "administrator.userName", "administrator.name", "administrator.email", "administrator.password" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task A_second_application_with_the_same_code_is_refused_even_when_both_arrive_at_once()
    {
        var first = await host.Apply();
        using var anonymous = Service.Client();
        var again = await anonymous.PostAsJsonAsync("api/organisations/applications",
            new Applicant("另一家公司", first.CreditCode, "Enterprise", $"dup-{Guid.NewGuid():N}"[..16], "Passw0rd-dup", null).Request());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var problem = await Body(again);
        Assert.Equal("organisation.credit-code-registered", problem.GetProperty("rule").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("organisation.creditCode", out _));
        var checkedAgain = await anonymous.PostAsJsonAsync("api/organisations/applications/check", new { legalName = "另一家公司", creditCode = first.CreditCode, kind = "Enterprise", region = "湖南", licenceNumber = "x", licenceIssuedOn = "2022-03-01" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, checkedAgain.StatusCode);
        Assert.True((await Body(checkedAgain)).GetProperty("errors").TryGetProperty("creditCode", out _));

        // Two applications with one new code at the same moment: one is accepted.
        var code = TestCodes.NewCreditCode();
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Service.Client().PostAsJsonAsync("api/organisations/applications",
            new Applicant($"并发公司{i}", code, "Enterprise", $"race{i}-{Guid.NewGuid():N}"[..16], "Passw0rd-race", null).Request())));
        Assert.Equal(1, racing.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(racing.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
    }

    [Fact]
    public async Task A_rejected_organisation_cannot_sign_in_and_may_apply_again_with_the_same_code()
    {
        var applicant = await host.Apply();
        using var staff = Service.Client(await Service.StaffToken());
        var rejected = await staff.PostAsJsonAsync($"api/organisations/{applicant.OrganisationId}/reject", new { reason = "营业执照副本不清晰" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("Rejected", (await Body(rejected)).GetProperty("status").GetString());

        using var browser = new Browser(Service.Address);
        var refused = await browser.SignIn(applicant.AdminUserName, applicant.AdminPassword);
        Assert.Equal(HttpStatusCode.Forbidden, refused.PageStatus);
        Assert.Contains("营业执照副本不清晰", refused.Page, StringComparison.Ordinal);
        var grant = await Service.Password(applicant.AdminUserName, applicant.AdminPassword);
        Assert.Equal("invalid_grant", grant.Error);

        var reapplied = await host.Apply(creditCode: applicant.CreditCode);
        Assert.NotEqual(applicant.OrganisationId, reapplied.OrganisationId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await staff.PostAsync($"api/organisations/{applicant.OrganisationId}/verify", null)).StatusCode);
    }

    [Fact]
    public async Task A_suspended_organisation_cannot_sign_in_or_refresh_until_it_is_reinstated()
    {
        await using var published = await MessageLog.Start(Service.Bus, typeof(OrganisationSuspended), typeof(OrganisationReinstated));
        var member = await host.VerifiedMember();
        using var browser = new Browser(Service.Address);
        var before = (await browser.SignIn(member.AdminUserName, member.AdminPassword)).Tokens!;

        using var staff = Service.Client(await Service.StaffToken());
        var suspended = await staff.PostAsJsonAsync($"api/organisations/{member.OrganisationId}/suspend", new { reason = "涉嫌串通竞价，暂停交易" });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);

        Assert.Equal("invalid_grant", (await Service.Refresh(before.RefreshToken!)).Error);
        // The login session of the browser no longer yields a code, and the password no longer signs in.
        var again = await browser.SignIn(member.AdminUserName, member.AdminPassword);
        Assert.Equal(HttpStatusCode.Forbidden, again.PageStatus);
        Assert.Contains("涉嫌串通竞价", again.Page, StringComparison.Ordinal);
        using var json = Service.Client();
        var devToken = await json.PostAsJsonAsync("auth/token", new { username = member.AdminUserName, password = member.AdminPassword });
        Assert.Equal(HttpStatusCode.Forbidden, devToken.StatusCode);
        Assert.Equal("organisation.suspended", (await Body(devToken)).GetProperty("rule").GetString());
        // Its administrator's still-valid access token manages no users while the organisation is suspended.
        using var stale = Service.Client(before.AccessToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await stale.GetAsync("api/users")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"api/organisations/{member.OrganisationId}/reinstate", new { note = "调查结束" })).StatusCode);
        Assert.NotNull((await browser.SignIn(member.AdminUserName, member.AdminPassword)).Tokens?.AccessToken);
        await Eventually(() => Task.FromResult(
            published.OfType<OrganisationSuspended>().Any(e => e.OrganisationId == member.OrganisationId && e.Reason == "涉嫌串通竞价，暂停交易" && e.Version == 3)
            && published.OfType<OrganisationReinstated>().Any(e => e.OrganisationId == member.OrganisationId && e.Version == 4)), "OrganisationSuspended and OrganisationReinstated");
    }

    [Fact]
    public async Task A_decision_taken_on_a_version_someone_else_moved_on_is_refused_with_412()
    {
        var applicant = await host.Apply();
        using var staff = Service.Client(await Service.StaffToken());
        var read = await staff.GetAsync($"api/organisations/{applicant.OrganisationId}");
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);

        using var first = new HttpRequestMessage(HttpMethod.Post, $"api/organisations/{applicant.OrganisationId}/verify");
        first.Headers.TryAddWithoutValidation("If-Match", etag);
        var verified = await staff.SendAsync(first);
        using var second = new HttpRequestMessage(HttpMethod.Post, $"api/organisations/{applicant.OrganisationId}/suspend") { Content = JsonContent.Create(new { reason = "核查中" }) };
        second.Headers.TryAddWithoutValidation("If-Match", etag);
        var stale = await staff.SendAsync(second);

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("\"2\"", verified.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task An_amended_legal_name_is_announced_and_shows_in_the_next_token()
    {
        await using var published = await MessageLog.Start(Service.Bus, typeof(OrganisationChanged));
        var member = await host.VerifiedMember();
        using var staff = Service.Client(await Service.StaffToken());

        var amended = await staff.PostAsJsonAsync($"api/organisations/{member.OrganisationId}/amend", new { legalName = member.LegalName + "（更名）", reason = "更名，新营业执照" });

        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        var token = await Service.Password(member.AdminUserName, member.AdminPassword);
        Assert.Equal(member.LegalName + "（更名）", new JsonWebToken(token.AccessToken).GetClaim("org_name").Value);
        await Eventually(() => Task.FromResult(published.OfType<OrganisationChanged>().Any(e => e.OrganisationId == member.OrganisationId && e.LegalName == member.LegalName + "（更名）")),
            "OrganisationChanged");
    }

    [Fact]
    public async Task Only_exchange_staff_review_and_a_member_sees_only_its_own_organisation()
    {
        var member = await host.VerifiedMember();
        var other = await host.Apply();
        var token = (await Service.Password(member.AdminUserName, member.AdminPassword)).AccessToken;
        using var client = Service.Client(token);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"api/organisations/{other.OrganisationId}/verify", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("api/organisations?status=Applied")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"api/organisations/{other.OrganisationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"api/organisations/{member.OrganisationId}")).StatusCode);
        Assert.Equal(member.LegalName, (await Body(await client.GetAsync("api/organisations/mine"))).GetProperty("legalName").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Service.Client().GetAsync("api/organisations/mine")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_sets_roles_and_the_last_administrator_keeps_the_role()
    {
        var member = await host.VerifiedMember();
        var adminToken = (await Service.Password(member.AdminUserName, member.AdminPassword)).AccessToken;
        using var admin = Service.Client(adminToken);
        var me = await Body(await admin.GetAsync("api/users/me"));
        var adminId = me.GetProperty("user").GetProperty("id").GetString();

        var lastAdmin = await SetRoles(admin, adminId!, me.GetProperty("user").GetProperty("version").GetString(), "operator");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lastAdmin.StatusCode);
        Assert.Equal("organisation.last-administrator", (await Body(lastAdmin)).GetProperty("rule").GetString());

        var invited = await Body(await admin.PostAsJsonAsync("api/users", new { userName = $"sg-{Guid.NewGuid():N}"[..14], name = "吴签约", email = $"sg-{Guid.NewGuid():N}@example.com", roles = new[] { "operator" } }));
        var invitedId = invited.GetProperty("id").GetString()!;
        var read = await admin.GetAsync($"api/users/{invitedId}");
        var version = (await Body(read)).GetProperty("version").GetString();
        Assert.Equal($"\"{version}\"", read.Headers.ETag?.Tag);

        // A replacement without If-Match is refused before anything changes (428); so is one based on an older version (412).
        var blind = await admin.PutAsJsonAsync($"api/users/{invitedId}/roles", new { roles = new[] { "signer", "operator" } });
        Assert.Equal(HttpStatusCode.PreconditionRequired, blind.StatusCode);
        Assert.Equal("precondition.required", (await Body(blind)).GetProperty("codes").GetProperty("If-Match")[0].GetProperty("code").GetString());

        var signer = await SetRoles(admin, invitedId, version, "signer", "operator");
        Assert.Equal(HttpStatusCode.OK, signer.StatusCode);
        var saved = await Body(signer);
        Assert.Equal(["operator", "signer"], saved.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotEqual(version, saved.GetProperty("version").GetString());
        Assert.Equal($"\"{saved.GetProperty("version").GetString()}\"", signer.Headers.ETag?.Tag);

        var stale = await SetRoles(admin, invitedId, version, "operator");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(["operator", "signer"], (await Body(await admin.GetAsync($"api/users/{invitedId}"))).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var unknownRole = await SetRoles(admin, invitedId, saved.GetProperty("version").GetString(), "owner");
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.True((await Body(unknownRole)).GetProperty("errors").TryGetProperty("roles", out _));

        // Another organisation's users are not there for this administrator.
        var other = await host.VerifiedMember();
        var otherToken = (await Service.Password(other.AdminUserName, other.AdminPassword)).AccessToken;
        using var otherAdmin = Service.Client(otherToken);
        Assert.Equal(HttpStatusCode.NotFound, (await SetRoles(otherAdmin, adminId!, "x", "operator")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync($"api/users/{adminId}")).StatusCode);
        Assert.DoesNotContain((await Body(await otherAdmin.GetAsync("api/users"))).EnumerateArray(), u => u.GetProperty("id").GetString() == adminId);
    }

    private static async Task<HttpResponseMessage> SetRoles(HttpClient admin, string userId, string? version, params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/users/{userId}/roles") { Content = JsonContent.Create(new { roles }) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return await admin.SendAsync(request);
    }

    [Fact]
    public async Task The_demo_members_are_verified_and_their_users_sign_in_with_the_documented_password()
    {
        foreach (var (user, organisation, role) in new[] { ("swrtu", "org-swrtu", "university"), ("xjhm", "org-xjhm", "university"), ("xt-rail", "org-xtrail", "enterprise"),
            ("xt-semi", "org-xtsemi", "enterprise"), ("lj-tool", "org-ljtool", "enterprise"), ("exchange", "org-exchange", "exchange") })
        {
            var token = new JsonWebToken((await Service.Password(user, IdentityService.DemoPassword)).AccessToken);
            Assert.Equal(organisation, token.GetClaim("org").Value);
            Assert.Equal(role, token.GetClaim("role").Value);
            Assert.Equal(["administrator", "operator", "signer"], token.Claims.Where(c => c.Type == "org_role").Select(c => c.Value));
        }

        Assert.Equal(OrganisationStatus.Verified, (await Service.View("org-ljtool"))!.Status);
        Assert.Equal("渌江精密刀具有限公司", (await Service.View("org-ljtool"))!.LegalName);
        Assert.Equal("湘通集团", (await Service.View("org-xtsemi"))!.Group);
    }
}
