using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Identity.Tests;

/// <summary>
/// The web UI (served by the gateway, in front of the Identity service) in Debian's Chromium: an
/// organisation applies in two steps, the exchange verifies it in the member review queue, and its
/// administrator signs in for the first time through the authorization code flow and finds the
/// users page. Screenshots go to <c>$IPX_SCREENSHOTS_DIR</c> when it is set.
/// </summary>
public sealed class WebUiMembershipTests(GatewayFront front) : IClassFixture<GatewayFront>, IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    private async Task<IPage> NewPage()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = front.Gateway.Address.ToString().TrimEnd('/'),
            Locale = "zh-CN",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("IPX_SCREENSHOTS_DIR");
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"identity-{name}.png"), FullPage = true });
        }
    }

    /// <summary>From any page of the web UI to the Identity service's login page and back, signed in.</summary>
    private static async Task SignIn(IPage page, string userName, string password, string? screenshot = null)
    {
        await page.GotoAsync("/");
        await page.Locator("[data-test=username]").FillAsync(userName);
        if (screenshot is not null)
        {
            await Screenshot(page, screenshot);
        }

        await page.Locator("[data-test=password]").FillAsync(password);
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.Locator("[data-test=who]").WaitForAsync();
    }

    [Fact]
    public async Task An_organisation_applies_is_verified_by_the_exchange_and_its_administrator_signs_in()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var legalName = $"湘江浏览器测试{suffix}有限公司";
        var code = TestCodes.NewCreditCode();
        var wrong = code[..17] + (code[17] == '0' ? '1' : '0');

        // Step one, with a mistyped check character first: the field says what it should be.
        var applicant = await NewPage();
        await applicant.GotoAsync("/apply");
        await applicant.Locator("[data-test=legal-name]").FillAsync(legalName);
        await applicant.Locator("[data-test=credit-code]").FillAsync(wrong);
        await applicant.Locator("[data-test=kind]").SelectOptionAsync("Enterprise");
        await applicant.Locator("[data-test=region]").FillAsync("湖南");
        await applicant.Locator("[data-test=group]").FillAsync("湘江控股集团");
        await applicant.Locator("[data-test=licence-number]").FillAsync(code);
        await applicant.Locator("[data-test=licence-date]").FillAsync("2021-09-30");
        await applicant.Locator("[data-test=apply-next]").ClickAsync();
        var codeField = applicant.Locator(".field[data-field='organisation.creditCode'] .field-error");
        await Expect(codeField).ToContainTextAsync($"校验位有误，应为 {TestCodes.CheckOf(wrong)}");
        await Screenshot(applicant, "apply-wrong-code");
        await applicant.Locator("[data-test=credit-code]").FillAsync(code);
        await applicant.Locator("[data-test=apply-next]").ClickAsync();

        // Step two: the contact and the administrator's account.
        await applicant.Locator("[data-test=contact-name]").FillAsync("周联系");
        await applicant.Locator("[data-test=contact-phone]").FillAsync("0731-8888 6666");
        await applicant.Locator("[data-test=contact-email]").FillAsync($"contact-{suffix}@example.com");
        await applicant.Locator("[data-test=admin-username]").FillAsync($"web-{suffix}");
        await applicant.Locator("[data-test=admin-name]").FillAsync("钱管理");
        await applicant.Locator("[data-test=admin-email]").FillAsync($"web-{suffix}@example.com");
        await applicant.Locator("[data-test=admin-password]").FillAsync("Web-passw0rd");
        await applicant.Locator("[data-test=admin-password-again]").FillAsync("Web-passw0rd");
        await applicant.Locator("[data-test=apply-submit]").ClickAsync();
        await Expect(applicant.Locator("[data-test=application-submitted]")).ToContainTextAsync($"web-{suffix}");
        await Screenshot(applicant, "apply-submitted");

        // The exchange's staff verify it in the member review queue.
        var staff = await NewPage();
        await SignIn(staff, "exchange", IdentityService.DemoPassword);
        await staff.GotoAsync("/members");
        var card = staff.Locator(".listing-card", new() { HasText = legalName });
        await Expect(card).ToContainTextAsync(code);
        await Screenshot(staff, "review-queue");
        await card.Locator("[data-test=verify]").ClickAsync();
        await Expect(staff.Locator(".banner-ok")).ToContainTextAsync(legalName);

        // The administrator's first sign-in, by the authorization code flow through the gateway.
        var admin = await NewPage();
        await SignIn(admin, $"web-{suffix}", "Web-passw0rd", screenshot: "login-page");
        await Expect(admin.Locator("[data-test=who]")).ToContainTextAsync(legalName);
        await admin.Locator("nav a[href='/users']").ClickAsync();
        await Expect(admin.Locator("[data-test=user-row]")).ToContainTextAsync($"web-{suffix}");
        await Screenshot(admin, "users-page");
    }
}
