using IpExchange.SystemTesting;
using Microsoft.Playwright;

namespace IpExchange.Web.Tests;

/// <summary>
/// The whole system for the browser tests, started by the system tests' harness (every service and
/// the gateway as processes from their build output, with this run's schemas, queue prefixes and
/// RabbitMQ virtual host), then Debian's Chromium through Playwright.
/// </summary>
public class WebSystem : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private SystemUnderTest? _system;

    /// <summary>This run's id (it names the schemas and queues); tests put it in titles to find their own rows.</summary>
    public string Run => _system!.RunId;

    /// <summary>The processes, for a test that restarts one of them.</summary>
    public SystemUnderTest Processes => _system!;

    /// <summary>What to start: one replica of each service, logs beside the screenshots; a fixture of its own may change it.</summary>
    protected virtual SystemOptions Options() => new() { Replicas = 1, LogDirectory = LogDir };

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public bool HasMonitoring => _system!.Services.Any(s => s.Name == "monitoring");

    public string ScreenshotDir { get; } = Screenshots();

    public string LogDir { get; } = Path.Combine(Screenshots(), "..", "web-logs");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(LogDir);
        Directory.CreateDirectory(ScreenshotDir);
        _system = await SystemUnderTest.Start(Options());
        BaseUrl = _system.GatewayAddress.ToString().TrimEnd('/');

        // CI has two cores shared by everything: let expectations wait longer than Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (its own session storage) signed in as a demo user.</summary>
    public async Task<IPage> SignIn(string username, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        // Generous, for a machine running the other test lane beside this one: a failure only takes longer to report.
        context.SetDefaultTimeout(40_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-test=username]").FillAsync(username);
        await page.Locator("[data-test=password]").FillAsync(DemoUsers.Password);
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.Locator("[data-test=who]").WaitForAsync();
        return page;
    }

    public Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, $"{name}.png"), FullPage = true });

    /// <summary>deploy/test.sh's results folder when it runs us ($IPX_STATE_DIR/test-results/screenshots), else next to the test.</summary>
    private static string Screenshots()
    {
        var explicitDir = Environment.GetEnvironmentVariable("IPX_SCREENSHOTS_DIR");
        if (!string.IsNullOrEmpty(explicitDir))
        {
            return explicitDir;
        }

        var state = Environment.GetEnvironmentVariable("IPX_STATE_DIR");
        return string.IsNullOrEmpty(state)
            ? Path.Combine(AppContext.BaseDirectory, "screenshots")
            : Path.Combine(state, "test-results", "screenshots");
    }
}

[CollectionDefinition("web")]
public sealed class WebCollection : ICollectionFixture<WebSystem>;
