using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>Every page of each role's menu (the desk first; 用户管理 for the demo users, who administer their organisations) opens with its title, no script error and no error from the API.</summary>
[Collection("web")]
public sealed class MenuTourTests(WebSystem system)
{
    [Theory]
    // The demo logins are their organisations' administrators: each menu starts with the desk and ends with the users page.
    [InlineData("swrtu", new[] { "工作台", "我的专利", "我的挂牌", "挂牌向导", "报价与谈判", "我的合同", "收款记录", "用户管理" })]
    [InlineData("xt-rail", new[] { "工作台", "挂牌检索", "我的需求", "拍卖公告", "报价与谈判", "我的合同", "我的融资", "用户管理" })]
    [InlineData("exchange", new[] { "工作台", "审核队列", "会员审核", "拍卖公告", "交易驾驶舱", "预警", "合同登记", "质押登记", "交易审计", "挂牌检索", "用户管理" })]
    [InlineData("cq-bank", new[] { "银行工作台", "挂牌检索", "用户管理" })]
    [InlineData("cq-guar", new[] { "担保工作台", "挂牌检索", "用户管理" })]
    public async Task Each_menu_page_opens_without_errors(string username, string[] titles)
    {
        var page = await system.SignIn(username);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        var links = page.Locator("#nav a");
        await Expect(links).ToHaveCountAsync(titles.Length);

        for (var i = 0; i < titles.Length; i++)
        {
            await links.Nth(i).ClickAsync();
            await Expect(page.Locator("main h1").First).ToContainTextAsync(titles[i]);
            await Expect(page.Locator("main .loading")).ToHaveCountAsync(0);
            await Expect(page.Locator("main .banner-error")).ToHaveCountAsync(0);
            await system.Screenshot(page, $"menu-{username}-{i + 1}");
        }

        Assert.Empty(scriptErrors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_enterprise_posts_a_demand_and_sees_ranked_matches_with_their_reasons()
    {
        var page = await system.SignIn("lj-tool");
        await page.GotoAsync("/demands");
        var form = page.Locator("form").Filter(new() { Has = page.Locator("[data-field=budgetMax]") });
        await form.Locator("[data-field=title] input").FillAsync("硬质合金刀具涂层技术需求");
        await form.Locator("[data-field=ipcCodes] input").FillAsync("C23C");
        await form.Locator("[data-field=budgetMax] input").FillAsync("800000");
        await form.Locator("input[name=dealKinds][value=Assignment]").CheckAsync();
        // First without a description: the service's reason shows beside that field.
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(form.Locator("[data-field=description] .field-error")).Not.ToBeEmptyAsync();

        await form.Locator("[data-field=description] textarea").FillAsync("需要提升硬质合金刀具涂层结合力与耐磨性的技术。");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/demands/.+"), new() { Timeout = 40_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("硬质合金刀具涂层技术需求");
        await Expect(page.Locator("main")).ToContainTextAsync("推荐挂牌");
        await Expect(page.Locator("main .banner-error")).ToHaveCountAsync(0);
        await system.Screenshot(page, "enterprise-demand-matches");
        await page.Context.CloseAsync();
    }
}
