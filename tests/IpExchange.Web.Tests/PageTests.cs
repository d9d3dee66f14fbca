using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>What every page promises: errors beside their fields, the English switch, a phone-width layout.</summary>
[Collection("web")]
public sealed class PageTests(WebSystem system)
{
    [Fact]
    public async Task A_field_error_from_the_api_is_shown_beside_its_field_and_nothing_is_registered()
    {
        var page = await system.SignIn("swrtu");
        await page.GotoAsync("/patents");
        var form = page.Locator("form").Filter(new() { Has = page.Locator("[data-field=number]") });
        await form.Locator("[data-field=number] input").FillAsync("ZL2019123");
        await form.Locator("[data-field=title] input").FillAsync("一种错误申请号的专利");
        await form.Locator("button[type=submit]").ClickAsync();

        // The Listing service's reason for the number, beside the number, in Chinese from its code; others (e.g. the missing type) beside theirs.
        var numberError = form.Locator("[data-field=number] .field-error");
        await Expect(numberError).Not.ToBeEmptyAsync();
        await Expect(numberError).ToContainTextAsync("申请号");
        await Expect(form.Locator("[data-field=type] .field-error")).ToHaveTextAsync("此项必填");
        await Expect(form.Locator("[data-field=title] .field-error")).ToBeEmptyAsync();
        await Expect(form.Locator(".form-banner .banner-error")).ToBeVisibleAsync();
        await system.Screenshot(page, "field-error");

        // Nothing was registered: the patent list holds no such title.
        await Expect(page.Locator("table", new() { HasText = "一种错误申请号的专利" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_english_switch_changes_the_texts_and_is_remembered()
    {
        var page = await system.SignIn("xt-rail");
        await page.GotoAsync("/market");
        await Expect(page.Locator("h1")).ToHaveTextAsync("挂牌检索");
        await Expect(page.Locator("#nav")).ToContainTextAsync("我的需求");

        await page.Locator("[data-test=lang]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Search listings");
        await Expect(page.Locator("#nav")).ToContainTextAsync("My demands");
        await Expect(page.Locator("[data-test=lang]")).ToHaveTextAsync("中文");
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
        await system.Screenshot(page, "market-en");

        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Search listings");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_phone_width_the_menu_folds_and_nothing_overflows_sideways()
    {
        var page = await system.SignIn("exchange", width: 390, height: 844);
        await page.GotoAsync("/review");

        var nav = page.Locator("#nav");
        await Expect(nav).ToBeHiddenAsync();
        await page.Locator(".menu-toggle").ClickAsync();
        await Expect(nav).ToBeVisibleAsync();
        await Expect(nav.Locator("a", new() { HasText = "驾驶舱" })).ToBeVisibleAsync();
        await system.Screenshot(page, "phone-menu");

        await nav.Locator("a", new() { HasText = "合同登记" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("合同登记");
        await Expect(nav).ToBeHiddenAsync();
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone's screen.");
        await system.Screenshot(page, "phone-agreements");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_client_route_loads_the_app_and_an_unknown_api_path_stays_a_problem()
    {
        using var http = new HttpClient { BaseAddress = new Uri(system.BaseUrl) };

        var pageAnswer = await http.GetAsync("/auctions/PM-unknown");
        var apiAnswer = await http.GetAsync("/api/nothing-here");

        Assert.Equal(System.Net.HttpStatusCode.OK, pageAnswer.StatusCode);
        Assert.Contains("/js/app.js", await pageAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", pageAnswer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.NotEqual(System.Net.HttpStatusCode.OK, apiAnswer.StatusCode);
        Assert.DoesNotContain("<html", await apiAnswer.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
