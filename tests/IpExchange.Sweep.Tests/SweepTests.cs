using Xunit.Abstractions;

namespace IpExchange.Sweep.Tests;

/// <summary>Every service the gateway routes to, hosted in-process for the sweep.</summary>
public sealed class SweptServices : IAsyncLifetime
{
    public ListingService Listing { get; } = new();
    public MatchingService Matching { get; } = new();
    public ContractService Contract { get; } = new();
    public MonitoringService Monitoring { get; } = new();
    public IdentityService Identity { get; } = new();
    public FinanceService Finance { get; } = new();

    public async Task InitializeAsync() =>
        await Task.WhenAll(Listing.InitializeAsync(), Matching.InitializeAsync(), Contract.InitializeAsync(), Monitoring.InitializeAsync(), Identity.InitializeAsync(), Finance.InitializeAsync());

    public async Task DisposeAsync()
    {
        await Listing.DisposeAsync();
        await Matching.DisposeAsync();
        await Contract.DisposeAsync();
        await Monitoring.DisposeAsync();
        await Identity.DisposeAsync();
        await Finance.DisposeAsync();
    }
}

/// <summary>
/// The schema-driven sweep: for every write endpoint of every service, generated from the
/// service's own OpenAPI document, every field with every value its kind must refuse. It prints
/// what it covered (endpoints, fields, cases) and fails with every finding at once.
/// </summary>
public sealed class SweepTests(SweptServices services, ITestOutputHelper output) : IClassFixture<SweptServices>
{
    [Fact]
    public async Task Every_write_endpoint_refuses_every_bad_field_with_a_400_naming_it_and_changes_nothing()
    {
        var report = new SweepReport();
        await Sweep(services.Listing, (s, sweep) => new ListingArrangements(s, sweep), report);
        await Sweep(services.Matching, (s, sweep) => new MatchingArrangements(s, sweep), report);
        await Sweep(services.Contract, (s, sweep) => new ContractArrangements(s, sweep), report);
        await Sweep(services.Monitoring, (s, sweep) => new MonitoringArrangements(s, sweep), report);
        await Sweep(services.Identity, (s, sweep) => new IdentityArrangements(s, sweep), report);
        await Sweep(services.Finance, (s, sweep) => new FinanceArrangements(s, sweep), report);

        output.WriteLine(report.Coverage);
        Console.WriteLine(report.Coverage);
        // deploy/test.sh runs the tests under the "test" profile, whose results folder it keeps; a
        // developer's run against the dev servers writes nowhere but the test output.
        if (Environment.GetEnvironmentVariable("IPX_PROFILE") == "test" && Environment.GetEnvironmentVariable("IPX_STATE_DIR") is { Length: > 0 } state)
        {
            var results = Path.Combine(state, "test-results");
            Directory.CreateDirectory(results);
            await File.WriteAllTextAsync(Path.Combine(results, "sweep-coverage.txt"),
                report.Coverage + Environment.NewLine + string.Join(Environment.NewLine, report.Endpoints.Order(StringComparer.Ordinal)) + Environment.NewLine
                + string.Join(Environment.NewLine, report.Failures) + Environment.NewLine);
        }

        foreach (var failure in report.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} findings:{Environment.NewLine}{string.Join(Environment.NewLine, report.Failures.Take(200))}");
    }

    private static async Task Sweep(ISweptService service, Func<ISweptService, Sweep, Arrangements> arrange, SweepReport report)
    {
        var doc = await service.Document();
        var sweep = new Sweep(service, doc, report);
        var arrangements = arrange(service, sweep).All;
        foreach (var operation in doc.Writes)
        {
            if (!arrangements.TryGetValue(operation.Key, out var target))
            {
                report.Failures.Add($"{doc.Service} {operation.Key}: a write endpoint without an arrangement in the sweep");
                continue;
            }

            try
            {
                await sweep.Run(operation, await target());
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or HttpRequestException or InvalidOperationException)
            {
                report.Failures.Add($"{doc.Service} {operation.Key}: {e.Message}");
            }
        }

        foreach (var stale in arrangements.Keys.Where(k => doc.Writes.All(o => o.Key != k)))
        {
            report.Failures.Add($"{doc.Service} {stale}: arranged in the sweep but not in the document");
        }
    }
}
