using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.SystemTesting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>竞争性谈判 in the browser: the seller opens a round, an enterprise's sealed offer stays hidden from the seller until the deadline.</summary>
[Collection("web")]
public sealed class CompetitionTests(WebSystem system)
{
    [Fact]
    public async Task A_sealed_offer_is_seen_by_its_bidder_and_not_by_the_seller_before_the_deadline()
    {
        // The listing is set up through the API (the browser flow for that is the trade test's).
        var title = $"高速列车轴箱轴承故障预警方法 {system.Run}";
        var listingId = await PublicListing(title);

        var university = await system.SignIn("swrtu");
        await university.GotoAsync($"/listings/{listingId}");
        var open = university.Locator("form").Filter(new() { Has = university.Locator("[data-field=minimumPrice]") });
        await open.Locator("[data-field=minimumPrice] input").FillAsync("200000");
        for (var attempt = 1; !university.Url.Contains("/competitions/", StringComparison.Ordinal); attempt++)
        {
            Assert.True(attempt <= 30, "The round was not opened: Matching never learned that the listing is public.");
            await open.Locator("button[type=submit]").ClickAsync();
            // The answer, however long it takes: the round's page, or the form's reason why not.
            await DealWorkload.Until(async () => university.Url.Contains("/competitions/", StringComparison.Ordinal)
                || (await open.Locator(".banner-error").First.IsVisibleAsync() && await open.Locator("button[type=submit]").IsEnabledAsync()),
                "the round opened, or the form's reason why not", TimeSpan.FromSeconds(30), CancellationToken.None, pollMs: 250);
        }

        var competitionUrl = new Uri(university.Url).AbsolutePath;
        await Expect(university.Locator("main")).ToContainTextAsync("截止前保密");

        var semi = await system.SignIn("xt-semi");
        await semi.GotoAsync(competitionUrl);
        await semi.Locator("[data-field=price] input").FillAsync("260000");
        await semi.Locator("[data-field=note] input").FillAsync("含技术培训");
        await semi.Locator("button.primary[type=submit]").ClickAsync();
        await Expect(semi.Locator("main table")).ToContainTextAsync("¥260,000.00");
        await system.Screenshot(semi, "competition-sealed-offer");

        await university.ReloadAsync();
        await Expect(university.Locator("main")).ToContainTextAsync("截止前保密");
        await Expect(university.Locator("main")).Not.ToContainTextAsync("260,000");
        await system.Screenshot(university, "competition-seller-view");

        await university.Context.CloseAsync();
        await semi.Context.CloseAsync();
    }

    private async Task<string> PublicListing(string title)
    {
        using var university = await Client("swrtu");
        var number = TradeThroughTheBrowserTests.NewPatentNumber();
        var patent = await university.PostAsJsonAsync("/api/patents", new
        {
            number, title, @abstract = "本发明公开了一种基于振动信号的轴箱轴承故障预警方法。", ipcCodes = new[] { "G01M 13/04" }, type = "Invention",
            filingDate = $"{number.AsSpan(2, 4)}-03-01", grantDate = "2022-05-01", legalStatus = "Valid", inventors = new[] { "李文博" }, claimsCount = 6,
        });
        Assert.True(patent.IsSuccessStatusCode, await patent.Content.ReadAsStringAsync());
        var today = DateTime.UtcNow.AddHours(8).Date;
        var listing = await university.PostAsJsonAsync("/api/listings", new
        {
            title, summary = "轴箱轴承故障预警，竞争性谈判。", patentIds = new[] { number[2..] }, dealKind = "Assignment", pricingMethod = "CompetitiveNegotiation",
            tradingMode = "Negotiated", askingPrice = 300000m,
            listedFrom = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), listedUntil = today.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Assert.True(listing.IsSuccessStatusCode, await listing.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await listing.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.True((await university.PostAsync($"/api/listings/{id}/submit", null)).IsSuccessStatusCode);
        using var exchange = await Client("exchange");
        var approved = await exchange.PostAsync($"/api/listings/{id}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return id;
    }

    private async Task<HttpClient> Client(string username)
    {
        var client = new HttpClient { BaseAddress = new Uri(system.BaseUrl) };
        var login = await client.PostAsJsonAsync("/auth/token", new { username, password = IpExchange.SystemTesting.DemoUsers.Password });
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
