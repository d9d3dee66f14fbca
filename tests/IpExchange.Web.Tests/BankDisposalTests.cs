using System.Globalization;
using System.Text.Json;
using IpExchange.SystemTesting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>
/// 质物处置挂牌 in the browser: on a defaulted, compensated loan the bank lists the pledged patent for
/// auction from the loan's page; a missing starting price is refused beside its field; then, after the
/// confirm step, the listing is drafted and sent for review, the page links to it and says what comes
/// next (交易中心审核, 拍卖公告), and the loan's page afterwards shows the listing in review instead of the form.
/// </summary>
[Collection("web")]
public sealed class BankDisposalTests(WebSystem system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    /// <summary>More than a month and a day: a loan granted on the Finance service's clock set back this far has its first instalment overdue on the real clock.</summary>
    private static readonly TimeSpan ClockSetBack = TimeSpan.FromDays(40);

    [Fact]
    public async Task The_bank_lists_a_defaulted_loans_pledged_patent_for_auction_from_the_loans_page()
    {
        var ct = CancellationToken.None;
        using var client = new ExchangeClient(new Uri(system.BaseUrl));
        await client.SignInAll(ct);
        await client.SignIn(DemoUsers.Bank, ct);
        await client.SignIn(DemoUsers.Guarantor, ct);
        var loanId = await DefaultedLoan(client, ct);

        var bank = await system.SignIn(DemoUsers.Bank);
        await bank.GotoAsync($"/loans/{loanId}");
        await Expect(bank.Locator("[data-test=loan-status]")).ToContainTextAsync("违约");
        var listing = bank.Locator("form").Filter(new() { Has = bank.Locator("[data-test=list-for-auction]") });
        await Expect(listing).ToContainTextAsync("质押专利");

        // No starting price: refused beside its field.
        await listing.Locator("[data-test=list-for-auction]").ClickAsync();
        await Expect(bank.Locator("[data-test=confirm]")).ToContainTextAsync("提交交易中心审核");
        await bank.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(listing.Locator("[data-field=askingPrice] .field-error")).Not.ToBeEmptyAsync();

        await listing.Locator("[data-field=askingPrice] input").FillAsync("1200000");
        await listing.Locator("[data-field=reservePrice] input").FillAsync("1100000");
        await listing.Locator("[data-test=list-for-auction]").ClickAsync();
        await bank.Locator("[data-test=confirm-yes]").ClickAsync();
        var listed = bank.Locator("[data-test=disposal-listed]");
        await Expect(listed).ToContainTextAsync("已挂牌并提交交易中心审核");
        await Expect(listed).ToContainTextAsync("交易中心审核");
        await Expect(listed).ToContainTextAsync("拍卖公告");
        var href = await listed.Locator("a").First.GetAttributeAsync("href");
        Assert.StartsWith("/listings/GP", href, StringComparison.Ordinal);
        await system.Screenshot(bank, "bank-disposal-listed");

        // The listing waits in the exchange's review queue, owned by the bank, for auction.
        var listingId = href!["/listings/".Length..];
        var view = (await client.Get(DemoUsers.Exchange, $"/api/listings/{listingId}", ct)).Expect(200, "the disposal listing");
        Assert.Equal("Submitted", view.GetProperty("status").GetString());
        Assert.Equal("Auction", view.GetProperty("pricingMethod").GetString());
        Assert.Equal(1_200_000m, view.GetProperty("askingPrice").GetDecimal());
        Assert.Equal(client.OrganisationOf(DemoUsers.Bank), view.GetProperty("ownerOrganisationId").GetString());

        // Back on the loan's page: the listing in review instead of the form.
        await bank.GotoAsync($"/loans/{loanId}");
        await Expect(bank.Locator("[data-test=auction-help]")).ToContainTextAsync("待交易中心审核");
        await Expect(bank.Locator("[data-test=list-for-auction]")).ToHaveCountAsync(0);
        await bank.Context.CloseAsync();
    }

    /// <summary>
    /// An enterprise's loan against a patent it bought, granted on the Finance service's clock set back,
    /// then the service on the real clock: the first instalment overdue, default declared, compensation settled.
    /// </summary>
    private async Task<string> DefaultedLoan(ExchangeClient client, CancellationToken ct)
    {
        var (borrower, patentId) = await new DealWorkload(client) { SettleTimeout = Wait }.BoughtPatent(ct);

        // The loan is granted "weeks ago": the Finance service restarted with its clock set back (the
        // browser tests' other loans are untouched: the tests of this collection run one at a time),
        // then restarted on the real clock, which finds the first instalment overdue.
        await system.Processes.StartReplica("finance", 1, new Dictionary<string, string> { ["Finance__ClockOffset"] = $"-{ClockSetBack.Days}.00:00:00" }, ct);
        try
        {
            return await GrantedWeeksAgoThenDefaulted(client, borrower, patentId, ct);
        }
        finally
        {
            if (!_onRealClock)
            {
                await system.Processes.StartReplica("finance", 1, RealClock, ct);
            }
        }
    }

    private static readonly Dictionary<string, string> RealClock = new() { ["Finance__ClockOffset"] = "00:00:00" };
    private bool _onRealClock;

    private async Task<string> GrantedWeeksAgoThenDefaulted(ExchangeClient client, string borrower, string patentId, CancellationToken ct)
    {
        var financeToday = DateOnly.FromDateTime((DateTimeOffset.UtcNow - ClockSetBack).UtcDateTime.AddHours(8));
        var loanId = (await client.Post(borrower, "/api/loans", new
        {
            bankOrganisationId = client.OrganisationOf(DemoUsers.Bank),
            guarantorOrganisationId = client.OrganisationOf(DemoUsers.Guarantor),
            amount = 1_000_000m,
            termMonths = 6,
            purpose = "流动资金周转：采购牵引变流器功率模块。",
            patentIds = new[] { patentId },
            valuation = new { reference = "VAL-2026-0421", value = 2_100_000m },
            appraisal = new { appraiser = "重庆华信资产评估有限公司", reportNumber = "华信评报字[2026]第043号", value = 2_000_000m, date = Date(financeToday.AddDays(-10)) },
        }, ct)).Expect(201, "applying for the loan").GetProperty("id").GetString()!;
        (await client.Post(DemoUsers.Guarantor, $"/api/loans/{loanId}/guarantee", new { feeRate = 0.01m, coverage = 0.8m }, ct)).Expect(200, "the guarantee");
        (await client.Post(DemoUsers.Bank, $"/api/loans/{loanId}/approval", new { amount = 1_000_000m, annualRate = 0.0365m, termMonths = 6 }, ct)).Expect(200, "the approval");
        (await client.Post(DemoUsers.Exchange, $"/api/loans/{loanId}/pledge-registration",
            new { noticeNumber = $"Y{Random.Shared.Next(100_000_000, 999_999_999)}", noticeDate = Date(financeToday) }, ct)).Expect(200, "registering the pledge");

        await system.Processes.StartReplica("finance", 1, RealClock, ct);
        _onRealClock = true;
        await DealWorkload.Until(async () => (await client.Get(DemoUsers.Bank, $"/api/loans/{loanId}", ct)) is { Ok: true } read
                                             && read.Body.GetProperty("schedule")[0].GetProperty("overdue").GetBoolean(),
            "the first instalment overdue", Wait, ct);
        (await client.Post(DemoUsers.Bank, $"/api/loans/{loanId}/default", new { reason = "第一期逾期未还" }, ct)).Expect(200, "declaring default");
        (await client.Post(DemoUsers.Bank, $"/api/loans/{loanId}/compensation", null, ct)).Expect(200, "settling the compensation");

        // Listing lets the pledgee list the patent once it hears of the default.
        await DealWorkload.Until(async () => (await client.Get(borrower, $"/api/patents/{patentId}", ct)) is { Ok: true } read
                                             && read.Body.GetProperty("pledge") is { ValueKind: JsonValueKind.Object } pledge && pledge.GetProperty("inDefault").GetBoolean(),
            "the pledge in default in Listing", Wait, ct);
        return loanId;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
