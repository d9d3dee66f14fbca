using System.Globalization;
using System.Text.Json;
using IpExchange.SystemTesting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>
/// 质押融资, the bank's desk: an enterprise that bought a patent through a completed deal pledges it in
/// the browser (an empty form refused beside its fields, the valuation estimated from comparable deals),
/// the guarantee institution approves, and the bank approves in the browser (a rate over the ceiling is
/// refused beside its field first), the exchange registers the pledge, and the bank records the first
/// repayment: the loan's page shows the equal-instalment schedule and what is outstanding, and the
/// exchange's cockpit counts the loan under 质押融资.
/// </summary>
[Collection("web")]
public sealed class BankDeskTests(WebSystem system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_bank_approves_a_guaranteed_pledge_loan_and_records_a_repayment_on_its_desk()
    {
        var ct = CancellationToken.None;
        using var client = new ExchangeClient(new Uri(system.BaseUrl));
        await client.SignInAll(ct);
        await client.SignIn(DemoUsers.Bank, ct);
        await client.SignIn(DemoUsers.Guarantor, ct);

        // A patent the enterprise bought: the agreement of a transfer signed, recorded, paid and registered.
        var deal = await new DealWorkload(client).Transfer(1, ct);
        var buyer = DemoUsers.Enterprises.Single(e => client.OrganisationOf(e) == deal.Buyer);
        var agreementId = $"AG-{deal.DealId}";
        JsonElement agreement = default;
        await DealWorkload.Until(async () =>
        {
            var a = await client.Get(buyer, $"/api/agreements/{agreementId}", ct);
            agreement = a.Body;
            return a.Ok;
        }, "the agreement drafted", Wait, ct);
        var hash = agreement.GetProperty("contentHash").GetString();
        (await client.Post(DemoUsers.Universities[1], $"/api/agreements/{agreementId}/signatures", new { contentHash = hash }, ct)).Expect(200, "the seller's signature");
        (await client.Post(buyer, $"/api/agreements/{agreementId}/signatures", new { contentHash = hash }, ct)).Expect(200, "the buyer's signature");
        (await client.Post(DemoUsers.Exchange, $"/api/agreements/{agreementId}/record", new { }, ct)).Expect(200, "the recording");
        var price = agreement.GetProperty("price").GetDecimal();
        (await client.Post(buyer, $"/api/agreements/{agreementId}/payments", new { milestone = "M1", amount = price }, ct)).Expect(200, "the payment");
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await client.Post(buyer, $"/api/agreements/{agreementId}/steps/PatentTransferRegistration", new { documentNumber = "ZL-BG-2026-0815", documentDate = today }, ct))
            .Expect(200, "the transfer registration");

        // The Finance service hears from the Listing service that the buyer owns the patent now.
        string? patentId = null;
        await DealWorkload.Until(async () =>
        {
            var patents = await client.Get(buyer, "/api/loans/patents", ct);
            patentId = patents.Ok
                ? patents.Body.EnumerateArray().Where(p => p.GetProperty("inForce").GetBoolean() && p.GetProperty("pledgee").ValueKind == JsonValueKind.Null)
                    .Select(p => p.GetProperty("id").GetString()).FirstOrDefault()
                : null;
            return patentId is not null;
        }, "the bought patent known to the Finance service", Wait, ct);

        // The valuation has the deal just completed among its comparables once the Monitoring service counted it.
        var patent = (await client.Get(buyer, $"/api/patents/{Uri.EscapeDataString(patentId!)}", ct)).Expect(200, "the bought patent");
        await DealWorkload.Until(async () =>
        {
            var estimate = await client.Post(buyer, "/api/valuations", new
            {
                ipcCode = patent.GetProperty("ipcCodes")[0].GetString(), dealKind = "Assignment", patentType = patent.GetProperty("type").GetString(),
                remainingTermYears = 10m, claimsCount = Math.Max(1, patent.GetProperty("claimsCount").GetInt32()),
            }, ct);
            return estimate.Ok && estimate.Body.GetProperty("estimate").GetProperty("mid").ValueKind == JsonValueKind.Number;
        }, "a valuation from comparable deals", Wait, ct);

        // The borrower applies in the browser (我的融资 → 申请质押贷款): an empty form is refused beside its
        // fields; the valuation is estimated from comparable deals and filled in.
        var borrower = await system.SignIn(buyer);
        await borrower.GotoAsync("/loans/new");
        var application = borrower.Locator("form").Filter(new() { Has = borrower.Locator("[data-test=apply]") });
        await application.Locator("[data-test=apply]").ClickAsync();
        await Expect(application.Locator("[data-field=amount] .field-error")).ToContainTextAsync("此项必填");
        await Expect(application.Locator("[data-field=patentIds] .field-error")).ToContainTextAsync("至少 1 项");
        await application.Locator("[data-field=bankOrganisationId] select").SelectOptionAsync(client.OrganisationOf(DemoUsers.Bank));
        await application.Locator("[data-field=guarantorOrganisationId] select").SelectOptionAsync(client.OrganisationOf(DemoUsers.Guarantor));
        await application.Locator("[data-field=amount] input").FillAsync("100000");
        await application.Locator("[data-field=termMonths] input").FillAsync("6");
        await application.Locator("[data-field=purpose] input").FillAsync("采购硬质合金刀具涂层设备");
        await application.Locator($"input[name=patentIds][value=\"{patentId}\"]").CheckAsync();
        await application.Locator("[data-test=estimate]").ClickAsync();
        await Expect(application.Locator("[data-test=estimate-result]")).ToContainTextAsync("可比成交估价合计");
        await Expect(application.Locator("[name='valuation.reference']")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^交易中心大数据估价 "));
        await Expect(application.Locator("[name='valuation.value']")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d{1,2})?$"));
        await application.Locator("[data-field='appraisal.appraiser'] input").FillAsync("重庆华信资产评估有限公司");
        await application.Locator("[data-field='appraisal.reportNumber'] input").FillAsync("华信评报字[2026]第081号");
        await application.Locator("[data-field='appraisal.value'] input").FillAsync("200000");
        await application.Locator("[data-field='appraisal.date'] input").FillAsync(today);
        await application.Locator("[data-test=apply]").ClickAsync();
        await Expect(borrower).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/loans/LN-[^/]+$"), new() { Timeout = 40_000 });
        await Expect(borrower.Locator("[data-test=loan-status]")).ToContainTextAsync("待担保审批");
        await system.Screenshot(borrower, "borrower-applied");
        var loanId = Uri.UnescapeDataString(borrower.Url[(borrower.Url.LastIndexOf('/') + 1)..]);
        (await client.Post(DemoUsers.Guarantor, $"/api/loans/{loanId}/guarantee", new { feeRate = 0.012m, coverage = 0.8m }, ct)).Expect(200, "the guarantee");

        // The bank's desk: the loan waits for it.
        var bank = await system.SignIn(DemoUsers.Bank);
        await Expect(bank).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/loans$"), new() { Timeout = 40_000 });
        await Expect(bank.Locator("main h1")).ToContainTextAsync("银行工作台");
        var row = bank.Locator("tr", new() { HasText = "待银行审批" });
        await Expect(row.First).ToContainTextAsync("待我处理");
        await system.Screenshot(bank, "bank-desk");
        await bank.GotoAsync($"/loans/{loanId}");
        await Expect(bank.Locator("[data-test=loan-status]")).ToContainTextAsync("待银行审批");
        await Expect(bank.Locator("main")).ToContainTextAsync("华信评报字[2026]第081号");
        // What the guarantor agreed is before the bank as it decides.
        await Expect(bank.Locator("[data-test=guarantee-terms]")).ToContainTextAsync("1.2%");
        await Expect(bank.Locator("[data-test=guarantee-terms]")).ToContainTextAsync("80%");

        // A rate above the ceiling is refused beside its field; then approved with a confirmation.
        var approve = bank.Locator("form").Filter(new() { Has = bank.Locator("[data-test=approve]") });
        await approve.Locator("[data-field=annualRate] input").FillAsync("30");
        await approve.Locator("[data-test=approve]").ClickAsync();
        await bank.Locator("[data-test=confirm-yes]").ClickAsync();
        // In percent, as the field asks for it (the service's bounds are fractions: 0 to 0.24).
        await Expect(approve.Locator("[data-field=annualRate] .field-error")).ToContainTextAsync("应在 0% 至 24% 之间");
        await approve.Locator("[data-field=annualRate] input").FillAsync("3.651");
        await approve.Locator("[data-test=approve]").ClickAsync();
        await Expect(bank.Locator("[data-test=confirm]")).ToContainTextAsync("等额本息");
        await bank.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(bank.Locator("[data-test=loan-status]")).ToContainTextAsync("待质押登记");
        await Expect(bank.Locator("main")).ToContainTextAsync("适用");
        await Expect(bank.Locator("main")).ToContainTextAsync("3.651%");

        // The exchange registers the pledge; the bank records the first instalment.
        (await client.Post(DemoUsers.Exchange, $"/api/loans/{loanId}/pledge-registration", new { noticeNumber = "Y2026000815", noticeDate = today }, ct))
            .Expect(200, "the pledge registration");
        await bank.GotoAsync($"/loans/{loanId}");
        await Expect(bank.Locator("[data-test=loan-status]")).ToContainTextAsync("还款中");
        await Expect(bank.Locator("main table").Filter(new() { HasText = "期次" }).Locator("tbody tr")).ToHaveCountAsync(6);
        var before = await bank.Locator("[data-test=outstanding]").InnerTextAsync();
        await bank.Locator("[data-test=repay]").ClickAsync();
        await Expect(bank.Locator("[data-test=confirm]")).ToContainTextAsync("先息后本");
        await bank.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(bank.Locator("[data-test=outstanding]")).Not.ToHaveTextAsync(before);
        await Expect(bank.Locator("main")).ToContainTextAsync("已结清");
        await system.Screenshot(bank, "bank-loan-repaying");

        // The borrower sees its loan under 我的融资.
        await borrower.GotoAsync("/loans");
        await Expect(borrower.Locator("main")).ToContainTextAsync("还款中");
        // Its own list names the lenders, not itself.
        await Expect(borrower.Locator("main table")).ToContainTextAsync("重庆渝江银行");
        // The exchange's cockpit counts the loan granted under 质押融资.
        var exchange = await system.SignIn(DemoUsers.Exchange);
        await exchange.GotoAsync("/cockpit");
        await Expect(exchange.Locator("[data-test=financing]")).ToContainTextAsync("获批贷款");
        await Expect(exchange.Locator("[data-test=fin-granted]")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0 "));
        await system.Screenshot(exchange, "cockpit-financing");
        foreach (var page in new[] { bank, borrower, exchange })
        {
            await page.Context.CloseAsync();
        }
    }
}
