extern alias listing;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.Finance.Patents;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PatentNumber = listing::IpExchange.Listing.Patents.PatentNumber;

namespace IpExchange.Finance.Tests;

[CollectionDefinition("finance-api")]
public sealed class FinanceApiCollection : ICollectionFixture<FinanceApi>;

/// <summary>The Finance service in-process on the real PostgreSQL and RabbitMQ, in a virtual host of its own.</summary>
public sealed class FinanceApi() : ServiceFactory<Program>("finance")
{
    public static readonly Caller Borrower = new("u-rail", "张经理", "org-xtrail", "湘通轨道装备股份有限公司", Roles.Enterprise, "湘通集团", "湖南",
        OrganisationKind: "Enterprise", OrganisationRoles: OrganisationRoles.All);
    public static readonly Caller Other = new("u-tool", "赵经理", "org-ljtool", "渌江精密刀具有限公司", Roles.Enterprise, "渌江矿冶集团", "湖南",
        OrganisationKind: "Enterprise", OrganisationRoles: OrganisationRoles.All);
    public static readonly Caller Bank = new("u-bank", "刘行长", "org-cqbank", "重庆渝江银行股份有限公司", Roles.Bank, null, "重庆",
        OrganisationKind: "Bank", OrganisationRoles: OrganisationRoles.All);
    public static readonly Caller Guarantor = new("u-guar", "陈经理", "org-cqguar", "重庆科技融资担保有限公司", Roles.Guarantor, null, "重庆",
        OrganisationKind: "GuaranteeInstitution", OrganisationRoles: OrganisationRoles.All);
    public static readonly Caller Staff = new("u-ex", "登记员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆",
        OrganisationKind: "Exchange", OrganisationRoles: OrganisationRoles.All);

    public static string VirtualHost => VirtualHosts.Isolated("ipx-finance-tests");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:VirtualHost", VirtualHost);
    }

    public static DateOnly Today => ExchangeCalendar.Today(DateTimeOffset.UtcNow);

    /// <summary>A new valid patent number of 2019 with its check character.</summary>
    public static string NewPatentNumber()
    {
        var digits = $"20191{Random.Shared.Next(1_000_000, 9_999_999)}";
        return $"{digits}.{PatentNumber.CheckCharacter(digits)}";
    }

    /// <summary>Tells the service of a patent as the Listing service would (PatentChanged), and waits until it is known.</summary>
    public async Task<string> KnownPatent(Caller owner, string? pledgee = null)
    {
        var id = NewPatentNumber();
        await Bus.Publish(new PatentChanged(id, "一种轨道车辆牵引变流器的控制方法", PatentType.Invention, owner.OrganisationId, true, new DateOnly(2039, 3, 15),
            pledgee, pledgee is null ? null : "ZY-2025-001", 1, DateTimeOffset.UtcNow));
        await PatentKnown(id, p => true);
        return id;
    }

    public async Task PatentKnown(string id, Func<KnownPatent, bool> condition) =>
        await Eventually(async () =>
        {
            await using var query = Services.GetRequiredService<EventStore.EventStore>().Marten.QuerySession();
            return await query.LoadAsync<KnownPatent>(id) is { } p && condition(p);
        }, $"patent {id} known to the Finance service");

    public static object Application(IReadOnlyList<string> patentIds, decimal amount = 1_000_000m, int termMonths = 3) => new
    {
        bankOrganisationId = Bank.OrganisationId,
        guarantorOrganisationId = Guarantor.OrganisationId,
        amount,
        termMonths,
        purpose = "流动资金周转：采购牵引变流器功率模块。",
        patentIds,
        valuation = new { reference = "VAL-2026-0042", value = 2_100_000m },
        appraisal = new { appraiser = "重庆华信资产评估有限公司", reportNumber = "华信评报字[2026]第018号", value = 2_000_000m, date = Today.AddDays(-10) },
    };

    public async Task<JsonElement> Apply(IReadOnlyList<string> patentIds, decimal amount = 1_000_000m, int termMonths = 3)
    {
        var response = await As(Borrower).PostAsJsonAsync("/api/loans", Application(patentIds, amount, termMonths));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Body(response);
    }

    public async Task<JsonElement> Ok(Caller caller, string url, object? body)
    {
        var response = await As(caller).PostAsJsonAsync(url, body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Body(response);
    }

    /// <summary>Applied, guaranteed (1 %), approved by the bank (3.65 %, as asked) and registered at the patent office today: the loan runs.</summary>
    public async Task<JsonElement> Running(IReadOnlyList<string> patentIds, decimal amount = 1_000_000m, int termMonths = 3)
    {
        var id = (await Apply(patentIds, amount, termMonths)).GetProperty("id").GetString()!;
        await Ok(Guarantor, $"/api/loans/{id}/guarantee", new { feeRate = 0.01m, coverage = 0.8m });
        await Ok(Bank, $"/api/loans/{id}/approval", new { amount, annualRate = 0.0365m, termMonths });
        return await Ok(Staff, $"/api/loans/{id}/pledge-registration", new { noticeNumber = $"Y2026{Random.Shared.Next(100000, 999999)}", noticeDate = ExchangeCalendar.Today(Clock.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
    }
}

public static class Json
{
    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static decimal Dec(this JsonElement e, string property) => e.GetProperty(property).GetDecimal();

    public static string? Rule(this JsonElement problem) => problem.TryGetProperty("rule", out var rule) ? rule.GetString() : null;

    /// <summary>The code the problem gives for a field (from <c>codes</c>).</summary>
    public static string? Code(this JsonElement problem, string field) =>
        problem.TryGetProperty("codes", out var codes) && codes.TryGetProperty(field, out var c)
            ? (c.ValueKind == JsonValueKind.Array ? c[0] : c).GetProperty("code").GetString()
            : null;
}
