extern alias identity;

using System.Text.Json.Nodes;
using identity::IpExchange.Identity.Organisations;
using static IpExchange.Sweep.Tests.People;

namespace IpExchange.Sweep.Tests;

/// <summary>
/// The Identity service's write endpoints: applications (anonymous), the exchange's review and
/// membership decisions, contacts, and the users an organisation's administrator manages. The
/// OpenID Connect endpoints (<c>/connect/*</c>) and the account pages (<c>/account/*</c>) are
/// form-encoded and not in the document (<c>ExcludeFromDescription</c>): OpenIddict answers them
/// with OAuth errors, and the Identity tests cover them.
/// </summary>
public sealed class IdentityArrangements(ISweptService service, Sweep sweep) : Arrangements(service, sweep)
{
    public override IReadOnlyDictionary<string, Func<Task<Target>>> All => new Dictionary<string, Func<Task<Target>>>(StringComparer.Ordinal)
    {
        // Nothing is written: nothing to read back.
        ["POST /api/organisations/applications/check"] = () => Task.FromResult(new Target(null, "/api/organisations/applications/check", OrganisationBody(NewCreditCode()), null)),
        ["POST /api/organisations/applications"] = () => Task.FromResult(new Target(null, "/api/organisations/applications", ApplicationBody(),
            "/api/organisations?status=Applied&pageSize=100", Staff)),
        ["POST /api/organisations/{id}/verify"] = async () =>
        {
            var id = await Applied();
            return new Target(Staff, $"/api/organisations/{id}/verify", null, $"/api/organisations/{id}");
        },
        ["POST /api/organisations/{id}/reject"] = async () =>
        {
            var id = await Applied();
            return new Target(Staff, $"/api/organisations/{id}/reject", Json(new { reason = "营业执照复印件不清晰" }), $"/api/organisations/{id}");
        },
        ["POST /api/organisations/{id}/suspend"] = async () =>
        {
            var id = await Member();
            return new Target(Staff, $"/api/organisations/{id}/suspend", Json(new { reason = "涉嫌虚假挂牌，暂停核查" }), $"/api/organisations/{id}");
        },
        ["POST /api/organisations/{id}/reinstate"] = async () =>
        {
            var id = await Member();
            await Ok(Staff, "POST", $"/api/organisations/{id}/suspend", Json(new { reason = "涉嫌虚假挂牌，暂停核查" }));
            return new Target(Staff, $"/api/organisations/{id}/reinstate", Json(new { note = "核查完毕，恢复资格" }), $"/api/organisations/{id}");
        },
        ["POST /api/organisations/{id}/amend"] = async () =>
        {
            var id = await Member();
            return new Target(Staff, $"/api/organisations/{id}/amend",
                Json(new { legalName = $"更名科技{Guid.NewGuid():N}"[..12] + "有限公司", region = "湖北", group = "新湘集团", reason = "依新营业执照更名" }), $"/api/organisations/{id}");
        },
        ["PUT /api/organisations/{id}/contact"] = async () =>
        {
            var id = await Member();
            return new Target(Staff, $"/api/organisations/{id}/contact", Json(new { name = "孙联系", phone = "0731-8888 7777", email = $"c-{Guid.NewGuid():N}@example.com" }),
                $"/api/organisations/{id}", IfMatch: true);
        },
        ["POST /api/users"] = () => Task.FromResult(new Target(Uni, "/api/users", InvitationBody(), "/api/users")),
        ["PUT /api/users/{id}/roles"] = async () =>
        {
            var id = await Invited();
            return new Target(Uni, $"/api/users/{id}/roles", Json(new { roles = new[] { "operator", "signer" } }), $"/api/users/{id}", IfMatch: true);
        },
        ["POST /api/users/{id}/unlock"] = async () =>
        {
            var id = await Invited();
            return new Target(Uni, $"/api/users/{id}/unlock", null, "/api/users");
        },
    };

    /// <summary>A fresh, valid 统一社会信用代码: 91 (an enterprise at 市场监管), 湖南长沙, a random organisation code.</summary>
    private static string NewCreditCode()
    {
        const string characters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var body = "MA" + string.Concat(Enumerable.Range(0, 6).Select(_ => characters[Random.Shared.Next(characters.Length)]));
        var first17 = "91430100" + body + CreditCode.OrganisationCodeCheck(body);
        return first17 + CreditCode.CheckCharacter(first17);
    }

    private static JsonObject OrganisationBody(string creditCode) => Json(new
    {
        legalName = $"扫测科技{Guid.NewGuid():N}"[..12] + "有限公司",
        creditCode,
        kind = "Enterprise",
        region = "湖南",
        group = "测试集团",
        licenceNumber = creditCode,
        licenceIssuedOn = "2021-05-18",
    });

    private static JsonObject ApplicationBody()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return Json(new
        {
            organisation = OrganisationBody(NewCreditCode()),
            contact = new { name = "周联系", phone = "0731-8888 6666", email = $"contact-{suffix}@example.com" },
            administrator = new { userName = $"admin-{suffix}", name = "钱管理", email = $"admin-{suffix}@example.com", password = $"Adm1n-{suffix}!" },
        });
    }

    private static JsonObject InvitationBody()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return Json(new { userName = $"op-{suffix}", name = "孙经办", email = $"op-{suffix}@example.com", roles = new[] { "operator" } });
    }

    /// <summary>An application under review.</summary>
    private async Task<string> Applied() =>
        (await Ok(null, "POST", "/api/organisations/applications", ApplicationBody())).GetProperty("organisationId").GetString()!;

    /// <summary>A verified member.</summary>
    private async Task<string> Member()
    {
        var id = await Applied();
        await Ok(Staff, "POST", $"/api/organisations/{id}/verify");
        return id;
    }

    /// <summary>A user the university's administrator invited (no password yet).</summary>
    private async Task<string> Invited() => (await Ok(Uni, "POST", "/api/users", InvitationBody())).GetProperty("id").GetString()!;
}
