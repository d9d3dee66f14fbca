using System.Globalization;
using IpExchange.SystemTesting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>
/// 工作台: each role lands on its desk, whose counts agree with the services' own lists; a binding
/// action asks first, and signing shows 我已阅读并同意 with the contract text.
/// </summary>
[Collection("web")]
public sealed class DeskTests(WebSystem system)
{
    [Fact]
    public async Task Each_role_lands_on_its_desk_with_counts_from_the_services_and_signs_only_after_reading_and_confirming()
    {
        using var client = new ExchangeClient(new Uri(system.BaseUrl));
        await client.SignInAll(CancellationToken.None);
        var deal = await new DealWorkload(client).Transfer(0, CancellationToken.None);
        var buyer = DemoUsers.Enterprises.Single(e => client.OrganisationOf(e) == deal.Buyer);
        await DealWorkload.Until(async () => (await client.Get(buyer, "/api/agreements?status=AwaitingSignatures&pageSize=100", CancellationToken.None))
            .Body.GetProperty("items").EnumerateArray().Any(a => a.GetProperty("dealId").GetString() == deal.DealId), "the agreement drafted", TimeSpan.FromSeconds(60), CancellationToken.None);

        // The exchange: its desk's count of listings to review is the review queue's total.
        var exchange = await system.SignIn("exchange");
        await Expect(exchange).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/desk$"), new() { Timeout = 40_000 });
        var queue = (await client.Get(DemoUsers.Exchange, "/api/listings/review-queue?pageSize=1", CancellationToken.None)).Body.GetProperty("total").GetInt64();
        await Expect(exchange.Locator("[data-test=todo-review] [data-test=count]")).ToHaveTextAsync(queue.ToString(CultureInfo.InvariantCulture));
        await Expect(exchange.Locator("[data-test=todo-record]")).ToContainTextAsync("待登记合同");
        await system.Screenshot(exchange, "desk-exchange");

        // The university: the agreement awaits its signature.
        var university = await system.SignIn("swrtu");
        var toSign = university.Locator("[data-test=todo-sign]");
        await Expect(toSign).ToContainTextAsync("待我签署");
        Assert.True(int.Parse(await toSign.Locator("[data-test=count]").InnerTextAsync(), CultureInfo.InvariantCulture) >= 1);
        await system.Screenshot(university, "desk-university");

        // The buyer: to sign as well; it signs from there, once it has read and agreed and confirmed.
        var enterprise = await system.SignIn(buyer);
        await Expect(enterprise.Locator("[data-test=todo-sign] [data-test=count]")).Not.ToHaveTextAsync("0");
        await Expect(enterprise.Locator("[data-test=todo-pay]")).ToContainTextAsync("待付款");
        await Expect(enterprise.Locator("[data-test=todo-matches]")).ToContainTextAsync("新匹配");
        await system.Screenshot(enterprise, "desk-enterprise");
        await enterprise.Locator("[data-test=todo-sign] a").ClickAsync();
        await enterprise.Locator("tr", new() { HasText = "待我签署" }).Locator("a").First.ClickAsync();
        await Expect(enterprise).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agreements/AG-"), new() { Timeout = 40_000 });

        var sign = enterprise.Locator("[data-test=sign]");
        await Expect(sign).ToBeDisabledAsync();
        await enterprise.Locator("[data-test=agree]").CheckAsync();
        await Expect(enterprise.Locator("label[for=agree-text]")).ToHaveTextAsync("我已阅读并同意上述合同文本");
        await sign.ClickAsync();
        var dialog = enterprise.Locator("[data-test=confirm]");
        await Expect(dialog).ToContainTextAsync("签署对本单位具有法律约束力");
        await Expect(dialog.Locator("pre")).ToContainTextAsync("专利权转让合同");
        await system.Screenshot(enterprise, "sign-confirmation");
        // Cancelled: nothing signed.
        await dialog.Locator("[data-test=confirm-no]").ClickAsync();
        await Expect(enterprise.Locator("[data-test=agreement-status]")).ToContainTextAsync("待签署");
        await Expect(sign).ToBeVisibleAsync();

        await sign.ClickAsync();
        await enterprise.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(enterprise.Locator("[data-test=sign]")).ToHaveCountAsync(0);
        // After the step, what comes next.
        await Expect(enterprise.Locator("[data-test=next-step]")).ToHaveTextAsync("您已签署。下一步：等待对方签署，双方签署后由交易中心登记备案。");
        await system.Screenshot(enterprise, "signed-next-step");
        await Expect(enterprise.Locator("table", new() { HasText = "签署记录" }).Or(enterprise.Locator("section", new() { HasText = "签署记录" })).First).ToBeVisibleAsync();

        // The desk in English reads in English.
        await enterprise.EvaluateAsync("localStorage.setItem('ipx.lang', 'en')");
        await enterprise.GotoAsync("/desk");
        await Expect(enterprise.Locator("[data-test=todo-sign]")).ToContainTextAsync("Awaiting my signature");
        foreach (var page in new[] { exchange, university, enterprise })
        {
            await page.Context.CloseAsync();
        }
    }
}
