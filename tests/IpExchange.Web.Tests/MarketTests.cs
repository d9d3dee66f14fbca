using IpExchange.SystemTesting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>
/// The market and a listing's page as a buyer decides on them: result count, the words found marked,
/// sorting and filters by technical field, the patents' facts, 交易须知 and the valuation reference.
/// </summary>
[Collection("web")]
public sealed class MarketTests(WebSystem system)
{
    [Fact]
    public async Task A_buyer_searches_sorts_and_filters_the_market_and_reads_a_listings_patents_and_terms()
    {
        using var client = new ExchangeClient(new Uri(system.BaseUrl));
        await client.SignInAll(CancellationToken.None);
        var workload = new DealWorkload(client);
        var tag = $"刀盘{system.Run}";
        var ids = new List<string>();
        foreach (var (price, name) in new[] { (300_000m, "低价"), (900_000m, "高价") })
        {
            var terms = DealWorkload.Terms("Assignment", "Negotiated", "ListingTransfer", price);
            terms["title"] = $"{name}盾构机刀盘监测 {tag}";
            ids.Add(await workload.Publish(DemoUsers.Universities[0], terms, CancellationToken.None));
        }

        foreach (var (width, shot) in new[] { (1280, "desktop"), (390, "phone") })
        {
            var page = await system.SignIn("lj-tool", width: width, height: 900);
            await page.GotoAsync($"/market?q={Uri.EscapeDataString(tag)}");
            await Expect(page.Locator("[data-test=result-count]")).ToHaveTextAsync("共找到 2 个挂牌项目");
            await Expect(page.Locator(".listing-card mark").First).ToHaveTextAsync(tag);
            // The technical field by its section's name.
            await Expect(page.Locator("[data-field=ipcSection] option[value=B]")).ToHaveTextAsync("B 作业；运输");

            // Dearest first, at once on changing the order.
            await page.Locator("[data-test=sort]").SelectOptionAsync("PriceHighToLow");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=PriceHighToLow"), new() { Timeout = 40_000 });
            await Expect(page.Locator(".listing-card").First).ToHaveAttributeAsync("data-listing", ids[1]);
            await page.Locator("[data-test=sort]").SelectOptionAsync("PriceLowToHigh");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=PriceLowToHigh"), new() { Timeout = 40_000 });
            await Expect(page.Locator(".listing-card").First).ToHaveAttributeAsync("data-listing", ids[0]);
            // A field the listings are not in: none found, and it says so.
            await page.Locator("[data-field=ipcSection] select").SelectOptionAsync("A");
            await page.Locator("form button[type=submit]").First.ClickAsync();
            await Expect(page.Locator("[data-test=result-count]")).ToHaveTextAsync("共找到 0 个挂牌项目");
            await page.Locator("[data-field=ipcSection] select").SelectOptionAsync("H");
            await page.Locator("form button[type=submit]").First.ClickAsync();
            await Expect(page.Locator("[data-test=result-count]")).ToHaveTextAsync("共找到 2 个挂牌项目");
            await system.Screenshot(page, $"market-{shot}");

            await page.Locator($"[data-listing='{ids[1]}'] h3 a").ClickAsync();
            var patents = page.Locator("[data-test=patents]");
            await Expect(patents).ToContainTextAsync("一种轨道交通牵引变流器的故障诊断方法");
            await Expect(patents).ToContainTextAsync("H02M 7/48（电学）");
            await Expect(patents).ToContainTextAsync("剩余保护期");
            await Expect(patents).ToContainTextAsync("发明");
            await Expect(page.Locator("section", new() { HasText = "交易须知" })).ToContainTextAsync("只有经实名认证的会员可以交易");
            // The project's contact: the exchange's officer who approved it (the demo user exchange, 刘静, as configured), not a generic desk.
            await Expect(page.Locator("[data-test=project-contact]")).ToContainTextAsync("项目联系人：刘静（交易中心），电话 023-6788 5123");
            await Expect(page.Locator("[data-test=valuation]")).Not.ToHaveTextAsync("加载中…");
            await system.Screenshot(page, $"listing-page-{shot}");
            if (shot == "phone")
            {
                var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"The listing page is {overflow}px wider than the phone's screen.");
            }

            // In English.
            await page.Locator("[data-test=lang]").ClickAsync();
            await Expect(page.Locator("[data-test=patents]")).ToContainTextAsync("Fault diagnosis of traction converters for rail transit");
            await page.GotoAsync($"/market?q={Uri.EscapeDataString(tag)}");
            await Expect(page.Locator("[data-test=result-count]")).ToHaveTextAsync("2 listings found");
            await page.Context.CloseAsync();
        }
    }
}
