using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>
/// One deal from end to end in the browser, through the gateway and the real services: a university
/// registers a patent and lists it for auction, the exchange approves it and schedules a short
/// auction with soft close, two enterprises register and bid in their own browsers (the rooms update
/// without reload), the winner and the university sign, the exchange records the agreement and sees
/// the deal on the cockpit and in its audit timeline.
/// </summary>
[Collection("web")]
public sealed partial class TradeThroughTheBrowserTests(WebSystem system)
{
    private const int SoftCloseSeconds = 8;

    [Fact]
    public async Task A_patent_goes_from_listing_through_an_auction_to_a_recorded_agreement_on_the_cockpit()
    {
        try
        {
            await Trade();
        }
        catch
        {
            // What each browser showed when it failed, next to the other screenshots.
            var i = 0;
            foreach (var page in system.Browser.Contexts.SelectMany(c => c.Pages))
            {
                await system.Screenshot(page, $"failed-{++i}");
            }

            throw;
        }
    }

    private async Task Trade()
    {
        var title = $"一种重载机车牵引电机温升预测方法 {system.Run}";
        var number = NewPatentNumber();

        // ---- The university registers the patent and lists it, priced by auction.
        var university = await system.SignIn("swrtu");
        await university.GotoAsync("/patents");
        var register = university.Locator("form").Filter(new() { Has = university.Locator("[data-field=number]") });
        await Field(register, "number").FillAsync(number);
        await register.Locator("[data-field=type] select").SelectOptionAsync("Invention");
        await Field(register, "title").FillAsync(title);
        await Field(register, "ipcCodes").FillAsync("B61C 17/00, H02K 9/00");
        await Field(register, "filingDate").FillAsync($"{number.AsSpan(2, 4)}-04-10");
        await Field(register, "grantDate").FillAsync("2022-06-01");
        await Field(register, "inventors").FillAsync("李文博, Zhou Min");
        await Field(register, "claimsCount").FillAsync("8");
        await register.Locator("[data-field=abstract] textarea").FillAsync("本发明公开了一种基于运行工况的牵引电机温升预测方法。");
        await register.Locator("button[type=submit]").ClickAsync();
        await Expect(university.Locator(".banner-ok")).ToContainTextAsync(number[2..]);
        await Expect(university.Locator("table")).ToContainTextAsync(title);
        await system.Screenshot(university, "01-university-patents");

        await university.GotoAsync("/listings/new");
        await university.Locator($"input[name=patentIds][value='{number[2..]}']").CheckAsync();
        await university.Locator("input[name=dealKind][value=Assignment]").CheckAsync();
        await university.Locator("[data-field=pricingMethod] select").SelectOptionAsync("Auction");
        // The guide offers only the bidding mode with auction pricing.
        await Expect(university.Locator("[data-field=tradingMode] select option")).ToHaveCountAsync(1);
        await Expect(university.Locator("[data-field=reservePrice]")).ToBeVisibleAsync();
        await Field(university, "title").FillAsync(title);
        await Field(university, "askingPrice").FillAsync("500000");
        await Field(university, "reservePrice").FillAsync("400000");
        await university.Locator("[data-field=summary] textarea").FillAsync("重载机车牵引电机温升预测，适用于轨道交通装备企业。");
        await Expect(university.Locator("[data-test=valuation]")).Not.ToContainTextAsync("选择专利");
        await system.Screenshot(university, "02-university-listing-guide");
        await university.Locator("button.primary[type=submit]").ClickAsync();
        await Expect(university).ToHaveURLAsync(new Regex("/listings/GP"), new() { Timeout = 40_000 });
        var listingId = university.Url.Split('/').Last();
        await Expect(university.Locator("h1")).ToContainTextAsync("待审核");

        // ---- The exchange approves it in the review queue and schedules a short auction.
        var exchange = await system.SignIn("exchange");
        await exchange.GotoAsync("/review");
        var card = exchange.Locator($"[data-listing='{listingId}']");
        await Expect(card).ToContainTextAsync(title);
        await system.Screenshot(exchange, "03-exchange-review-queue");
        await card.Locator("[data-test=approve]").ClickAsync();
        await Expect(exchange.Locator("[data-test=confirm]")).ToContainTextAsync("挂牌公示");
        await exchange.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(exchange.Locator(".banner-ok")).ToContainTextAsync(listingId);
        await Expect(exchange.Locator($"[data-listing='{listingId}']")).ToHaveCountAsync(0);

        // The bidders sign in first, so the short auction is not half over before they reach its room.
        var rail = await system.SignIn("xt-rail");
        var tool = await system.SignIn("lj-tool");

        await exchange.GotoAsync($"/listings/{listingId}");
        await Expect(exchange.Locator("h1")).ToContainTextAsync("挂牌公示");
        var schedule = exchange.Locator("form").Filter(new() { Has = exchange.Locator("[data-field=startingPrice]") });
        await Field(schedule, "endsAt").FillAsync("1");
        await Field(schedule, "softCloseWindowSeconds").FillAsync(SoftCloseSeconds.ToString(CultureInfo.InvariantCulture));
        await Field(schedule, "softCloseExtensionSeconds").FillAsync(SoftCloseSeconds.ToString(CultureInfo.InvariantCulture));
        // The Matching service learns of the publication from the Listing service's event: until then it says so beside the field.
        for (var attempt = 1; !exchange.Url.Contains("/auctions/", StringComparison.Ordinal); attempt++)
        {
            Assert.True(attempt <= 30, "The auction was not scheduled: Matching never learned that the listing is public.");
            await schedule.Locator("button[type=submit]").ClickAsync();
            // The answer, however long it takes on a busy machine: the new auction's page, or the form
            // telling why not (its errors are cleared on submit and the button is enabled again with the answer).
            await Eventually(async () => exchange.Url.Contains("/auctions/PM", StringComparison.Ordinal)
                || (await schedule.Locator("[data-field=listingId] .field-error, .form-banner .banner-error").First.IsVisibleAsync()
                    && await schedule.Locator("button[type=submit]").IsEnabledAsync()), "the auction scheduled, or the form's reason why not");
        }

        var auctionId = exchange.Url.Split('/').Last();

        // ---- Two enterprises register and bid, each in its own browser.
        foreach (var bidder in new[] { rail, tool })
        {
            await bidder.GotoAsync($"/auctions/{auctionId}");
            await bidder.Locator("[data-test=deposit-ref]").FillAsync($"BZJ-{Guid.NewGuid():N}"[..16]);
            await bidder.Locator("[data-test=register]").ClickAsync();
            await Expect(bidder.Locator("[data-test=bid]")).ToBeVisibleAsync();
        }

        await Bid(rail, "500000");
        await Expect(tool.Locator("[data-test=current-price]")).ToContainTextAsync("500,000"); // live, no reload
        await Bid(tool, "520000");
        await Expect(rail.Locator("[data-test=current-price]")).ToContainTextAsync("520,000");
        // Each bidder sees its own 竞买号 and whether it leads, live.
        await Expect(rail.Locator("[data-test=my-state]")).ToContainTextAsync("我的竞买号：1 号");
        await Expect(rail.Locator("[data-test=leading]")).ToHaveTextAsync("您的出价已被超越");
        await Expect(tool.Locator("[data-test=my-state]")).ToContainTextAsync("我的竞买号：2 号");
        await Expect(tool.Locator("[data-test=leading]")).ToHaveTextAsync("您目前出价最高");
        await Bid(rail, "530000");

        // A bid inside the soft-close window moves the end: both rooms show it.
        await Eventually(async () => Remaining(await tool.Locator("[data-test=countdown]").InnerTextAsync()) is > 0 and <= SoftCloseSeconds - 3,
            "the countdown to enter the soft-close window", seconds: 90);
        await Bid(tool, "550000");
        await Expect(rail.Locator(".auction-head")).ToContainTextAsync("已延时");
        await system.Screenshot(rail, "04-auction-room-xt-rail");
        await system.Screenshot(tool, "05-auction-room-lj-tool");

        // The close: lj-tool wins at 550 000 (above the reserve).
        await Expect(tool.Locator("[data-test=outcome]")).ToHaveTextAsync("成交", new() { Timeout = 40_000 });
        // One 竞买号 per bidder, given in the order they registered: xt-rail 1, lj-tool 2, the same in every room.
        await Expect(tool.Locator("[data-test=winner]")).ToHaveTextAsync("2 号竞买人（渌江精密刀具有限公司）");
        await Expect(rail.Locator("[data-test=winner]")).ToHaveTextAsync("2 号竞买人");
        await Expect(tool.Locator("[data-test=next-steps]")).ToContainTextAsync("您已竞得");
        await Expect(rail.Locator("[data-test=next-steps]")).ToContainTextAsync("保证金将退还");
        await Expect(tool.Locator("[data-test=countdown]")).ToHaveTextAsync("已结束");
        await system.Screenshot(tool, "06-auction-closed");

        // ---- The agreement: the winner and the university sign, the exchange records it.
        var agreementId = await OpenAgreement(tool, title);
        await Sign(tool);
        await Expect(tool.Locator("[data-test=sign]")).ToHaveCountAsync(0);
        // The binding text names both parties by their legal names (the Contract service knows the members).
        await Expect(tool.Locator("[data-test=agreement-text]")).ToContainTextAsync("西南轨道交通大学");
        await Expect(tool.Locator("[data-test=agreement-text]")).ToContainTextAsync("渌江精密刀具有限公司");

        await OpenAgreement(university, title);
        await Expect(university.Locator("[data-test=agreement-status]")).ToContainTextAsync("待签署");
        await Sign(university);
        await Expect(university.Locator("[data-test=agreement-status]")).ToContainTextAsync("双方已签署");
        await system.Screenshot(university, "07-agreement-signed");

        await exchange.GotoAsync($"/agreements/{agreementId}");
        await exchange.Locator("[data-test=record]").ClickAsync();
        await Expect(exchange.Locator("[data-test=agreement-status]")).ToContainTextAsync("已登记生效");
        await Expect(exchange.Locator("[data-test=record-number]")).Not.ToBeEmptyAsync();
        await system.Screenshot(exchange, "08-agreement-recorded");

        // ---- The cockpit shows the deal, recorded; its audit timeline verifies.
        if (system.HasMonitoring)
        {
            await exchange.GotoAsync("/cockpit");
            await Expect(exchange.Locator("[data-test=cockpit-mode]")).ToHaveTextAsync("实时推送");
            var row = exchange.Locator("tr", new() { HasText = title });
            await Expect(row).ToContainTextAsync("登记备案", new() { Timeout = 20_000 });
            await Expect(row).ToContainTextAsync("550,000");
            Assert.True(int.Parse(await exchange.Locator("[data-test=deals-total]").InnerTextAsync(), CultureInfo.InvariantCulture) >= 1);
            // The charts are ECharts canvases, each named by its figures for screen readers.
            await Expect(exchange.Locator("[data-test=chart-pipeline] canvas").First).ToBeVisibleAsync();
            await Expect(exchange.Locator("[data-test=chart-pipeline]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("登记备案 [1-9]"));
            await Expect(exchange.Locator("[data-test=chart-regions] canvas").First).ToBeVisibleAsync();
            await exchange.Locator(".figure", new() { Has = exchange.Locator("[data-test=deals-total]") }).HoverAsync();
            await Expect(exchange.Locator("#def-deals-total")).ToBeVisibleAsync();
            await system.Screenshot(exchange, "09-cockpit");

            await row.Locator("a").First.ClickAsync();
            await Expect(exchange.Locator("[data-test=timeline]")).ToContainTextAsync("拍卖成交：渌江精密刀具有限公司以 ¥550,000.00 竞得");
        await Expect(exchange.Locator("[data-test=timeline]")).ToContainTextAsync("交易中心登记合同");
            await Expect(exchange.Locator(".banner-ok")).ToContainTextAsync("全部哈希链完整");
            foreach (var source in new[] { "listing", "matching", "contract" })
            {
                await Expect(exchange.Locator($"[data-test=source-{source}]").First).ToHaveTextAsync("完整");
            }

            await system.Screenshot(exchange, "10-audit");
        }

        foreach (var page in new[] { university, exchange, rail, tool })
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Signs as the page's organisation: 我已阅读并同意, then the confirmation with the text.</summary>
    private static async Task Sign(IPage page)
    {
        await page.Locator("[data-test=agree]").CheckAsync();
        await page.Locator("[data-test=sign]").ClickAsync();
        await page.Locator("[data-test=confirm-yes]").ClickAsync();
    }

    private static ILocator Field(ILocator scope, string name) => scope.Locator($"[data-field='{name}'] input");

    private static ILocator Field(IPage page, string name) => page.Locator($"[data-field='{name}'] input");

    private static async Task Bid(IPage page, string amount)
    {
        await page.Locator("[data-test=bid-amount]").FillAsync(amount);
        await page.Locator("[data-test=bid]").ClickAsync();
        await Expect(page.Locator("[data-test=confirm]")).ToContainTextAsync("出价一经提交不可撤回");
        await page.Locator("[data-test=confirm-yes]").ClickAsync();
        await Expect(page.Locator("[data-test=current-price]")).ToContainTextAsync(decimal.Parse(amount, CultureInfo.InvariantCulture).ToString("#,0", CultureInfo.InvariantCulture));
    }

    /// <summary>The agreement drafted from the deal, from "my agreements" (it appears once the Contract service has the deal).</summary>
    private static async Task<string> OpenAgreement(IPage page, string title)
    {
        await Eventually(async () =>
        {
            await page.GotoAsync("/agreements");
            return await page.Locator("a", new() { HasText = title }).CountAsync() > 0;
        }, "the agreement to be drafted from the deal");
        await page.Locator("a", new() { HasText = title }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/agreements/.+"), new() { Timeout = 40_000 });
        return page.Url.Split('/').Last();
    }

    /// <summary>Seconds left on a countdown "mm:ss" (0 when it says ended).</summary>
    private static int Remaining(string text)
    {
        var m = Countdown().Match(text);
        return m.Success ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60) + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"(\d+):(\d\d)$")]
    private static partial Regex Countdown();

    private static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting for: {what}");
    }

    /// <summary>A valid invention application number (check character: weights 2…9, 2…5, mod 11, X for 10) not used before.</summary>
    internal static string NewPatentNumber()
    {
        int[] weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
        var digits = string.Create(CultureInfo.InvariantCulture, $"20191{Random.Shared.Next(0, 10_000_000):D7}");
        var sum = digits.Select((c, i) => (c - '0') * weights[i]).Sum();
        var check = sum % 11;
        return $"ZL{digits}.{(check == 10 ? 'X' : (char)('0' + check))}";
    }
}
