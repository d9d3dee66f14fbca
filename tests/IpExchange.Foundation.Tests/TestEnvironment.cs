using IpExchange.EventStore;
using Microsoft.Extensions.Configuration;

namespace IpExchange.Foundation.Tests;

/// <summary>
/// The real PostgreSQL and RabbitMQ that deploy/test.sh starts; their addresses come from the
/// environment it exports. There is no fallback to fakes: without them the tests fail and say so.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresConnection =>
        Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")
        ?? throw new InvalidOperationException("ConnectionStrings__EventStore is not set: run the tests with deploy/test.sh, which starts PostgreSQL and RabbitMQ.");

    public static int RabbitPort => int.Parse(
        Environment.GetEnvironmentVariable("Messaging__Port")
        ?? throw new InvalidOperationException("Messaging__Port is not set: run the tests with deploy/test.sh."),
        System.Globalization.CultureInfo.InvariantCulture);

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IpExchange.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root.");
        }
    }

    /// <summary>Configuration as a service would see it, with test-friendly retry timings.</summary>
    public static IConfiguration Configuration(IDictionary<string, string?>? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:EventStore"] = PostgresConnection,
            ["Messaging:Host"] = "127.0.0.1",
            ["Messaging:Port"] = RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:Outbox:PollIntervalMs"] = "200",
            ["Messaging:Outbox:MaxBackoffSeconds"] = "2",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public static string NewSchema(string name) => $"t_{name}_{Guid.NewGuid():N}"[..Math.Min(40, name.Length + 35)].ToLowerInvariant();

    /// <summary>A store in a schema of its own, migrated, with the test events and whatever else the test adds.</summary>
    public static async Task<EventStore.EventStore> NewStore(string name, Action<EventStoreBuilder>? configure = null, string? schema = null)
    {
        var store = EventStoreSetup.CreateEventStore(PostgresConnection, schema ?? NewSchema(name), builder =>
        {
            TestEvents.Register(builder);
            configure?.Invoke(builder);
        });
        await store.Migrate();
        return store;
    }

    /// <summary>Runs deploy/infra.sh (stop or start one server) with the test profile's environment.</summary>
    public static async Task Infra(string command)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "deploy", "infra.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/infra.sh {command} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
