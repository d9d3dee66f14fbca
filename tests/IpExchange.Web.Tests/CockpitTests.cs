using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>The cockpit drawn with ECharts (a static file of its npm package): readable at phone width, each figure defined.</summary>
[Collection("web")]
public sealed class CockpitTests(WebSystem system)
{
    [Fact]
    public async Task The_cockpit_draws_its_charts_with_echarts_at_phone_width_and_defines_each_figure()
    {
        if (!system.HasMonitoring)
        {
            return;
        }

        var page = await system.SignIn("exchange", width: 390, height: 844);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync("/cockpit");
        foreach (var chart in new[] { "pipeline", "conversion", "listings", "times", "regions" })
        {
            await Expect(page.Locator($"[data-test=chart-{chart}] canvas").First).ToBeVisibleAsync();
            await Expect(page.Locator($"[data-test=chart-{chart}]")).ToHaveAttributeAsync("role", "img");
        }

        await Expect(page.Locator("#def-listings-total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^挂牌项目：交易中心收到的全部挂牌"));
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The cockpit is {overflow}px wider than the phone's screen.");
        // The library is served as a static file of the gateway, under its licence.
        using var http = new HttpClient { BaseAddress = new Uri(system.BaseUrl) };
        Assert.Contains("Apache License 2.0", await http.GetStringAsync("/lib/echarts/README.txt"), StringComparison.Ordinal);
        var library = await http.GetAsync("/lib/echarts/echarts.esm.min.js");
        Assert.Equal("text/javascript", library.Content.Headers.ContentType?.MediaType);
        await system.Screenshot(page, "cockpit-phone");
        Assert.Empty(scriptErrors);
        await page.Context.CloseAsync();
    }
}
