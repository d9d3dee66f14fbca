using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace IpExchange.Web.Tests;

/// <summary>
/// The whole system for the browser tests: every service and the gateway as processes started from
/// their build output (as deploy/run.sh does), on the PostgreSQL and RabbitMQ of deploy/infra.sh,
/// with schemas and queue names of their own for this run, then Debian's Chromium through Playwright.
/// </summary>
public sealed class WebSystem : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string DemoPassword = "demo-2026";

    private static readonly (string Name, string Project)[] Services =
    [
        ("listing", "services/Listing/IpExchange.Listing/IpExchange.Listing"),
        ("matching", "services/Matching/IpExchange.Matching/IpExchange.Matching"),
        ("contract", "services/Contract/IpExchange.Contract/IpExchange.Contract"),
        ("monitoring", "services/Monitoring/IpExchange.Monitoring/IpExchange.Monitoring"),
    ];

    private readonly List<(string Name, Process Process)> _processes = [];
    private IPlaywright? _playwright;

    /// <summary>This run's prefix for schemas and queues, e.g. web0931a2b4.</summary>
    public string Run { get; } = $"web{DateTime.UtcNow:HHmm}{Guid.NewGuid():N}"[..12];

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public bool HasMonitoring { get; private set; }

    public string ScreenshotDir { get; } = Screenshots();

    public string LogDir { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        LogDir = Path.Combine(ScreenshotDir, "..", "web-logs");
        Directory.CreateDirectory(LogDir);
        Directory.CreateDirectory(ScreenshotDir);

        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")
            ?? throw new InvalidOperationException("Run with deploy/test.sh, or eval \"$(bash deploy/infra.sh env)\" first: ConnectionStrings__EventStore is not set.");
        // A virtual host of our own: other test projects' services on the same broker publish the same
        // event types, and one of them answering our deal ("listing does not exist") must not reach us.
        var virtualHost = await CreateVirtualHost();
        var common = new Dictionary<string, string>
        {
            ["Messaging__VirtualHost"] = virtualHost,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__EventStore"] = connection,
            ["Messaging__Host"] = Environment.GetEnvironmentVariable("Messaging__Host") ?? "127.0.0.1",
            ["Messaging__Port"] = Environment.GetEnvironmentVariable("Messaging__Port") ?? "5672",
            ["Messaging__Outbox__PollIntervalMs"] = "200",
            ["Auth__SigningKey"] = "web-tests-signing-key-at-least-32-bytes-long!",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        var clusters = new Dictionary<string, string>();
        var ready = new List<string>();
        foreach (var (name, project) in Services)
        {
            var dll = Path.Combine(root, Path.GetDirectoryName(project)!, "bin", configuration, "net10.0", Path.GetFileName(project) + ".dll");
            if (!File.Exists(dll))
            {
                if (name == "monitoring")
                {
                    continue; // not built here: the cockpit part of the tests is left out
                }

                throw new InvalidOperationException($"{dll} is missing: build the solution first.");
            }

            var port = FreePort();
            var env = new Dictionary<string, string>(common)
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["EventStore__Schema"] = $"{Run}_{name}",
                ["Messaging__EndpointPrefix"] = $"{Run}-{name}",
            };
            if (name == "monitoring")
            {
                // The audit checks each service's own hash chains behind a deal.
                foreach (var (source, address) in clusters)
                {
                    env[$"Services__{source}"] = address;
                }
            }

            Start(name, dll, env);
            clusters[name] = $"http://127.0.0.1:{port}/";
            ready.Add($"http://127.0.0.1:{port}/health/ready");
            HasMonitoring |= name == "monitoring";
        }

        var gatewayPort = FreePort();
        var gateway = new Dictionary<string, string>(common) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{gatewayPort}" };
        foreach (var (name, address) in clusters)
        {
            gateway[$"ReverseProxy__Clusters__{name}__Destinations__d1__Address"] = address;
        }

        // Four browser users and the test's own polling: well within the default limits, but no 429 for the test.
        gateway["RateLimits__PerUserPerMinute"] = "100000";
        gateway["RateLimits__PerAddressPerMinute"] = "100000";
        gateway["RateLimits__LoginPerMinute"] = "1000";
        Start("gateway", Path.Combine(root, "gateway", "IpExchange.Gateway", "bin", configuration, "net10.0", "IpExchange.Gateway.dll"), gateway);
        BaseUrl = $"http://127.0.0.1:{gatewayPort}";
        ready.Add($"{BaseUrl}/health/ready");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var url in ready)
        {
            await WaitReady(http, url);
        }

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
        await StopProcesses();
        await DeleteVirtualHost();
    }

    private async Task StopProcesses()
    {
        foreach (var (_, process) in Enumerable.Reverse(_processes))
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            catch (TimeoutException)
            {
                // left to the OS
            }

            process.Dispose();
        }
    }

    private static HttpClient Management()
    {
        var port = Environment.GetEnvironmentVariable("Messaging__ManagementPort") ?? "15672";
        var host = Environment.GetEnvironmentVariable("Messaging__Host") ?? "127.0.0.1";
        var client = new HttpClient { BaseAddress = new Uri($"http://{host}:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }

    private async Task<string> CreateVirtualHost()
    {
        using var management = Management();
        var created = await management.PutAsync($"api/vhosts/{Run}", null);
        Assert.True(created.IsSuccessStatusCode, $"RabbitMQ's management API did not create the virtual host {Run}: {(int)created.StatusCode}");
        var granted = await management.PutAsync($"api/permissions/{Run}/guest",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(granted.IsSuccessStatusCode, $"RabbitMQ did not grant guest the virtual host {Run}: {(int)granted.StatusCode}");
        return Run;
    }

    private async Task DeleteVirtualHost()
    {
        try
        {
            using var management = Management();
            await management.DeleteAsync($"api/vhosts/{Run}");
        }
        catch (HttpRequestException)
        {
            // The broker is gone already; nothing to clean.
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
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-test=username]").FillAsync(username);
        await page.Locator("[data-test=password]").FillAsync(DemoPassword);
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.Locator("[data-test=who]").WaitForAsync();
        return page;
    }

    public Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, $"{name}.png"), FullPage = true });

    private void Start(string name, string dll, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(Path.GetDirectoryName(dll)!);
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start.");
        var log = new StreamWriter(Path.Combine(LogDir, $"{Run}-{name}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((name, process));
    }

    private async Task WaitReady(HttpClient http, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_processes.FirstOrDefault(p => p.Process.HasExited) is { Process: not null } dead)
            {
                throw new InvalidOperationException($"{dead.Name} exited with {dead.Process.ExitCode}; see {LogDir}.");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow start
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{url} was not ready within 90 s; see {LogDir}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IpExchange.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("IpExchange.sln not found above the test's folder.");
    }

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
