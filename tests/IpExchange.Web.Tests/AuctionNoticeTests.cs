using IpExchange.SystemTesting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>
/// 拍卖公告: a bidder new to an auction finds it in the list of auctions and on its listing's page,
/// reads the deposit instructions, registers and gets its 竞买号, at desktop and phone width, in both languages.
/// </summary>
[Collection("web")]
public sealed class AuctionNoticeTests(WebSystem system)
{
    [Fact]
    public async Task A_new_bidder_finds_the_auction_in_the_notices_and_from_its_listing_and_gets_a_paddle_number()
    {
        using var client = new ExchangeClient(new Uri(system.BaseUrl));
        await client.SignInAll(CancellationToken.None);
        var workload = new DealWorkload(client);
        var terms = DealWorkload.Terms("Assignment", "Auction", "Bidding", 800_000m);
        terms["title"] = $"一种盾构机刀盘磨损监测方法 {system.Run}";
        terms["reservePrice"] = 800_000m;
        var listingId = await workload.Publish(DemoUsers.Universities[0], terms, CancellationToken.None);
        await workload.InCatalogue(listingId, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var scheduled = await client.Post(DemoUsers.Exchange, "/api/auctions", new
        {
            listingId, startsAt = now.AddSeconds(-1), endsAt = now.AddHours(2), startingPrice = 800_000m, increment = 10_000m, deposit = 80_000m,
            softCloseWindowSeconds = 300, softCloseExtensionSeconds = 300,
        }, CancellationToken.None);
        var auctionId = scheduled.Expect(201, "scheduling the auction").GetProperty("id").GetString()!;

        foreach (var (user, width, name) in new[] { ("xt-semi", 1280, "desktop"), ("xt-rail", 390, "phone") })
        {
            var page = await system.SignIn(user, width: width, height: 900);
            await page.GotoAsync("/auctions");
            await Expect(page.Locator("h1")).ToHaveTextAsync("拍卖公告");
            await Expect(page.Locator("[data-test=tab-Running]")).ToHaveAttributeAsync("aria-current", "page");
            var row = page.Locator("tr", new() { HasText = (string)terms["title"]! });
            await Expect(row).ToContainTextAsync("¥80,000.00");
            await system.Screenshot(page, $"auction-notices-{name}");

            // From the listing's page too.
            await page.GotoAsync($"/listings/{listingId}");
            await Expect(page.Locator("section", new() { HasText = "本项目的拍卖" }).Locator($"a[href='/auctions/{auctionId}']")).ToBeVisibleAsync();

            await page.GotoAsync("/auctions");
            await row.Locator("a").First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/auctions/{auctionId}$"), new() { Timeout = 40_000 });
            await Expect(page.Locator("main")).ToContainTextAsync("报名须缴纳保证金 ¥80,000.00");
            if (name == "desktop")
            {
                await page.Locator("[data-test=deposit-ref]").FillAsync("BZJ-XTSEMI-001");
                await page.Locator("[data-test=register]").ClickAsync();
                await Expect(page.Locator("[data-test=my-state]")).ToContainTextAsync("我的竞买号：1 号");
                await system.Screenshot(page, "auction-room-before-bids");
            }
            else
            {
                var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"The auction room is {overflow}px wider than the phone's screen.");
            }

            // And in English.
            await page.Locator("[data-test=lang]").ClickAsync();
            await Expect(page.Locator("main")).ToContainTextAsync(name == "desktop" ? "My paddle: no. 1" : "Registration takes a deposit of ¥80,000.00");
            await page.GotoAsync("/auctions?status=Scheduled");
            await Expect(page.Locator("[data-test=tab-Scheduled]")).ToHaveTextAsync("Upcoming (registration open)");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_notices_and_the_room_show_the_announcement_period_and_the_registration_deadline_and_a_late_registration_is_told_why()
    {
        using var client = new ExchangeClient(new Uri(system.BaseUrl));
        await client.SignInAll(CancellationToken.None);
        var workload = new DealWorkload(client);
        var terms = DealWorkload.Terms("Assignment", "Auction", "Bidding", 600_000m);
        terms["title"] = $"一种硬质合金刀具涂层方法 {system.Run}";
        terms["reservePrice"] = 600_000m;
        var listingId = await workload.Publish(DemoUsers.Universities[1], terms, CancellationToken.None);
        await workload.InCatalogue(listingId, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var scheduled = await client.Post(DemoUsers.Exchange, "/api/auctions", new
        {
            listingId, startsAt = now.AddMinutes(30), endsAt = now.AddHours(1), startingPrice = 600_000m, increment = 10_000m, deposit = 60_000m,
            registrationDeadline = now.AddSeconds(20),
        }, CancellationToken.None);
        var auctionId = scheduled.Expect(201, "scheduling the auction").GetProperty("id").GetString()!;

        var page = await system.SignIn("lj-tool");
        await page.GotoAsync("/auctions?status=Scheduled");
        var table = page.Locator("table", new() { HasText = (string)terms["title"]! });
        await Expect(table.Locator("th", new() { HasText = "公告期" })).ToBeVisibleAsync();
        await Expect(table.Locator("th", new() { HasText = "报名截止" })).ToBeVisibleAsync();
        await system.Screenshot(page, "auction-notices-deadline");

        await page.GotoAsync($"/auctions/{auctionId}");
        await Expect(page.Locator("main")).ToContainTextAsync("公告期");
        await Expect(page.Locator("[data-test=registration-deadline]")).Not.ToHaveTextAsync("报名至拍卖结束");
        await page.Locator("[data-test=deposit-ref]").FillAsync("BZJ-LJTOOL-LATE");

        // Until the server's clock passes the deadline (the room still shows the form it drew before).
        await DealWorkload.Until(async () => (await client.Get("lj-tool", $"/api/auctions/{auctionId}", CancellationToken.None)).Body
            .GetProperty("registrationOpen").GetBoolean() == false, "the registration deadline to pass", TimeSpan.FromSeconds(45), CancellationToken.None);
        await page.Locator("[data-test=register]").ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("报名已截止");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("auction.registration-closed");
        await system.Screenshot(page, "auction-room-registration-closed");

        // Opened again (in English), the room says registration has closed instead of offering the form.
        await page.Locator("[data-test=lang]").ClickAsync();
        await Expect(page.Locator("[data-test=registration-closed]")).ToContainTextAsync("Registration closed");
        await Expect(page.Locator("[data-test=register]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
