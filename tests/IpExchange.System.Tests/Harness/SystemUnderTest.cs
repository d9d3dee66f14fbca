using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IpExchange.SystemTesting;

/// <summary>What to start: how many replicas of each service, and the run's settings.</summary>
public sealed record SystemOptions
{
    /// <summary>Processes per service (the gateway always runs once).</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>Declare the services' queues as quorum queues (Messaging:QuorumQueues).</summary>
    public bool QuorumQueues { get; init; } = true;

    /// <summary>The build configuration whose dlls run; by default the one this assembly was built in.</summary>
    public string? Configuration { get; init; }

    /// <summary>Settings given to every service process (name = value, with __ for sections).</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Settings given to one service's processes only (service name → name = value), after <see cref="ServiceSettings"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> SettingsOf { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Where the processes' logs go; a fresh temporary folder by default.</summary>
    public string? LogDirectory { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Where every process (the gateway too) sends its traces, metrics and logs over OTLP/gRPC, e.g. an
    /// <see cref="AspireDashboard"/>'s <see cref="AspireDashboard.OtlpEndpoint"/>; null: no telemetry at all.
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>OTLP's protocol to <see cref="OtlpEndpoint"/>: <c>grpc</c> (the dashboard's) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; init; } = "grpc";

    /// <summary>Metrics elsewhere than <see cref="OtlpEndpoint"/> (OTLP/HTTP protobuf, e.g. an <see cref="OtlpMetricsReceiver"/>).</summary>
    public Uri? OtlpMetricsEndpoint { get; init; }

    /// <summary>
    /// Export spans every 0.5 s and metrics every 2 s, so a test reads them back quickly (the default);
    /// false keeps the OpenTelemetry SDK's intervals (5 s and 60 s), as deploy/run.sh runs the system,
    /// for a benchmark that weighs the cost of telemetry.
    /// </summary>
    public bool QuickExport { get; init; } = true;
}

/// <summary>
/// The whole system as separate processes, the way it is deployed: every service of
/// deploy/services.txt as <see cref="SystemOptions.Replicas"/> processes of its built dll, sharing one
/// schema and one queue prefix per service (so replicas compete like deployed ones), behind the real
/// gateway with one YARP destination per replica; on the PostgreSQL and RabbitMQ that
/// <c>deploy/infra.sh env</c> describes. Each run gets its own schemas and queue prefixes, so runs
/// and other test projects do not see each other's data or queues. Disposing kills every process,
/// also when a test failed; a process whose test host died kills itself (a watchdog in its shell).
/// A fault test can kill a replica (<see cref="KillReplica"/>, SIGKILL) and start it again.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    // sh -c: the service runs as a child of a small shell that watches the test host; if the host
    // dies without disposing (a crash, a killed test run), the shell kills the service.
    internal const string Launcher = """
        parent=$1; log=$2; shift 2
        "$@" >>"$log" 2>&1 &
        child=$!
        trap 'kill -KILL $child 2>/dev/null' TERM
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill -KILL "$child" 2>/dev/null
        wait "$child"
        """;

    private readonly SystemOptions _options;
    private readonly Dictionary<string, List<ServiceReplica>> _replicas = new(StringComparer.Ordinal);

    /// <summary>Each service's own settings, as <see cref="StartReplica(string, int, IReadOnlyDictionary{string, string}, CancellationToken)"/> last set them.</summary>
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _settingsOf = new(StringComparer.Ordinal);
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Chosen before anything starts: the Identity service issues tokens under the gateway's address.</summary>
    private readonly int _gatewayPort = FreePort();

    private ServiceReplica? _gateway;

    /// <summary>The service that issues the tokens (deploy/services.txt), when the system has it.</summary>
    public const string IdentityService = "identity";

    private SystemUnderTest(SystemOptions options, string runId, string repositoryRoot, string configuration, string logDirectory, IReadOnlyList<ServiceProject> services)
    {
        _options = options;
        foreach (var (service, settings) in options.SettingsOf)
        {
            _settingsOf[service] = settings;
        }

        RunId = runId;
        RepositoryRoot = repositoryRoot;
        Configuration = configuration;
        LogDirectory = logDirectory;
        Services = services;
        ConnectionString = Required("ConnectionStrings__EventStore");
    }

    /// <summary>Short and unique: it names this run's schemas and queue prefixes.</summary>
    public string RunId { get; }

    public string RepositoryRoot { get; }
    public string Configuration { get; }
    public string LogDirectory { get; }
    public string ConnectionString { get; }
    public IReadOnlyList<ServiceProject> Services { get; }

    public Uri GatewayAddress => _gateway?.Address ?? throw new InvalidOperationException("Not started.");

    public IReadOnlyList<ServiceReplica> ReplicasOf(string service) => _replicas[service];

    /// <summary>The PostgreSQL schema a service's replicas share in this run.</summary>
    public string SchemaOf(string service) => $"{service}_{RunId}";

    /// <summary>The queue-name prefix a service's replicas share in this run.</summary>
    public string EndpointPrefixOf(string service) => $"{service}-{RunId}";

    /// <summary>
    /// This run's RabbitMQ virtual host. Exchanges are named by message type, so on a shared virtual
    /// host every Listing service on the broker (other test runs' included) would get this run's
    /// DealStruck and answer it: a stranger's "listing does not exist" refusal would cancel our
    /// agreements. Its own virtual host makes the run a closed world, deleted at the end.
    /// </summary>
    public string VirtualHost => $"ipx-{RunId}";

    public RabbitManagement Broker { get; } = new();

    public static async Task<SystemUnderTest> Start(SystemOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SystemOptions();
        var root = FindRepositoryRoot();
        var configuration = options.Configuration ?? ConfigurationOfThisAssembly();
        var runId = $"s{DateTime.UtcNow:HHmmss}{Guid.NewGuid():N}"[..13];
        var logs = options.LogDirectory ?? Path.Combine(Path.GetTempPath(), "ipx-system", runId);
        Directory.CreateDirectory(logs);
        var projects = ServiceProject.FromServicesFile(root);
        var system = new SystemUnderTest(options, runId, root, configuration, logs, projects.Where(p => p.Name != "gateway").ToList());
        try
        {
            await system.Broker.CreateVirtualHost(system.VirtualHost, cancellationToken);
            await system.StartAll(projects.SingleOrDefault(p => p.Name == "gateway")
                                  ?? throw new InvalidOperationException("deploy/services.txt names no gateway."), cancellationToken);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartAll(ServiceProject gatewayProject, CancellationToken cancellationToken)
    {
        foreach (var service in Services)
        {
            var replicas = new List<ServiceReplica>();
            for (var k = 1; k <= _options.Replicas; k++)
            {
                replicas.Add(new ServiceReplica(service, k, FreePort(), Path.Combine(LogDirectory, $"{service.Name}-{k}.log")));
            }

            _replicas[service.Name] = replicas;
        }

        // Replicas of one service start together (they race on migrations, as deployed ones do), and the
        // gateway beside them: it only needs their addresses, and starting it meanwhile saves its start-up.
        foreach (var replica in _replicas.Values.SelectMany(r => r))
        {
            Launch(replica, ServiceEnvironment(replica.Service));
        }

        _gateway = new ServiceReplica(gatewayProject, 1, _gatewayPort, Path.Combine(LogDirectory, "gateway.log"));
        Launch(_gateway, GatewayEnvironment());

        await Task.WhenAll(_replicas.Values.SelectMany(r => r).Select(r => WaitReady(r, cancellationToken)));

        // The demo members (their users are the demo logins), once every service is up (their queues
        // bound, so none of the members' events is published before its consumers listen), as deploy/seed.sh does.
        if (_replicas.TryGetValue(IdentityService, out var identity))
        {
            await Seed(identity[0], cancellationToken);
        }

        await WaitReady(_gateway, cancellationToken);
    }

    /// <summary>Kills replica <paramref name="k"/> (1-based) of a service at once (SIGKILL): no shutdown, no goodbye.</summary>
    public void KillReplica(string service, int k) => ReplicasOf(service)[k - 1].Kill();

    /// <summary>Starts replica <paramref name="k"/> again on its port and waits until it is ready.</summary>
    public async Task StartReplica(string service, int k, CancellationToken cancellationToken = default)
    {
        var replica = ReplicasOf(service)[k - 1];
        if (replica.IsRunning)
        {
            throw new InvalidOperationException($"{replica} is running.");
        }

        Launch(replica, ServiceEnvironment(replica.Service));
        await WaitReady(replica, cancellationToken);
    }

    /// <summary>
    /// Kills replica <paramref name="k"/> of a service and starts it again with <paramref name="settings"/>
    /// as its service's own settings from now on (e.g. a clock no longer set back).
    /// </summary>
    public async Task StartReplica(string service, int k, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken = default)
    {
        var replica = ReplicasOf(service)[k - 1];
        replica.Kill();
        await replica.WaitForExit(TimeSpan.FromSeconds(10));
        _settingsOf[service] = settings;
        await StartReplica(service, k, cancellationToken);
    }

    /// <summary>The last lines of every process's log, for a failing test's message.</summary>
    public string LogTails(int lines = 15)
    {
        var text = new StringBuilder();
        foreach (var replica in _replicas.Values.SelectMany(r => r).Append(_gateway).OfType<ServiceReplica>())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"--- {replica} ({replica.LogFile})");
            text.AppendLine(replica.LogTail(lines));
        }

        return text.ToString();
    }

    private Dictionary<string, string> CommonEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_NOLOGO"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
            // Off unless asked for, whatever the test host's own environment says.
            ["Telemetry__Enabled"] = _options.OtlpEndpoint is null ? "false" : "true",
        };
        if (_options.OtlpEndpoint is { } otlp)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.ToString().TrimEnd('/');
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = _options.OtlpProtocol;
            env["OTEL_EXPORTER_OTLP_TIMEOUT"] = "1000"; // or a process waits on its last export when killed
            if (_options.QuickExport)
            {
                env["OTEL_BSP_SCHEDULE_DELAY"] = "500";    // spans out within half a second
                env["OTEL_BLRP_SCHEDULE_DELAY"] = "500";
                env["OTEL_METRIC_EXPORT_INTERVAL"] = "2000";
            }
        }

        if (_options.OtlpMetricsEndpoint is { } metrics)
        {
            env["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = metrics.ToString();
            env["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] = "http/protobuf";
        }

        return env;
    }

    private Dictionary<string, string> ServiceEnvironment(ServiceProject service)
    {
        var env = CommonEnvironment();
        env["ConnectionStrings__EventStore"] = ConnectionString;
        env["EventStore__Schema"] = SchemaOf(service.Name);
        env["Messaging__Host"] = Environment.GetEnvironmentVariable("Messaging__Host") ?? "127.0.0.1";
        env["Messaging__Port"] = Required("Messaging__Port");
        env["Messaging__VirtualHost"] = VirtualHost;
        env["Messaging__EndpointPrefix"] = EndpointPrefixOf(service.Name);
        env["Messaging__QuorumQueues"] = _options.QuorumQueues ? "true" : "false";
        env["Messaging__Outbox__PollIntervalMs"] = "200";
        AddAuthentication(env);
        if (service.Name == IdentityService)
        {
            env["Identity__Issuer"] = Issuer;
            env["Identity__WebRedirectUris__0"] = Issuer + "signin-callback";
            env["Identity__WebPostLogoutRedirectUris__0"] = Issuer;
            // A long run signs in once per user: its tokens must outlive it.
            env["Identity__AccessTokenMinutes"] = "240";
        }

        // Monitoring's audit asks the services themselves for their hash chains.
        foreach (var (name, replicas) in _replicas)
        {
            env[$"Services__{name}"] = replicas[0].Address.ToString();
        }

        foreach (var (key, value) in _options.ServiceSettings)
        {
            env[key] = value;
        }

        foreach (var (key, value) in _settingsOf.GetValueOrDefault(service.Name) ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>The tokens' issuer: the gateway's public address, as deploy/run.sh sets it.</summary>
    private string Issuer => $"http://127.0.0.1:{_gatewayPort}/";

    /// <summary>
    /// Every process validates the Identity service's tokens: issued under the gateway's address, keys
    /// read from the Identity service's own discovery (first replica), as deploy/run.sh exports them.
    /// </summary>
    private void AddAuthentication(Dictionary<string, string> env)
    {
        if (!_replicas.TryGetValue(IdentityService, out var identity))
        {
            return;
        }

        env["Auth__Authority"] = Issuer;
        env["Auth__MetadataAddress"] = new Uri(identity[0].Address, ".well-known/openid-configuration").ToString();
        env["Auth__RequireHttpsMetadata"] = "false";
    }

    /// <summary>The Listing service's demo patents and listings, seeded as deploy/seed.sh seeds them after the demo members.</summary>
    public Task SeedDemoListings(CancellationToken cancellationToken) => Seed(_replicas["listing"][0], cancellationToken);

    /// <summary>Runs a service's seeding command (the Identity service's demo members, the Listing service's catalogue) with its replicas' settings, and waits for it.</summary>
    private async Task Seed(ServiceReplica service, CancellationToken cancellationToken)
    {
        var dll = service.Service.DllPath(RepositoryRoot, Configuration);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "seed", "--contentRoot", Path.GetDirectoryName(dll)! })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in ServiceEnvironment(service.Service))
        {
            start.Environment[key] = value;
        }

        using var seed = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {service.Service.Name} service's seeding.");
        var output = seed.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = seed.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ReadyTimeout);
        await seed.WaitForExitAsync(timeout.Token);
        await File.AppendAllTextAsync(Path.Combine(LogDirectory, $"{service.Service.Name}-seed.log"), await output + await error, cancellationToken);
        if (seed.ExitCode != 0)
        {
            throw new InvalidOperationException($"Seeding the {service.Service.Name} service's demo data failed ({seed.ExitCode}): {await error}");
        }
    }

    private Dictionary<string, string> GatewayEnvironment()
    {
        var env = CommonEnvironment();
        AddAuthentication(env);
        // The workload signs in as a handful of demo users and sends many requests each.
        env["RateLimits__PerUserPerMinute"] = "1000000";
        env["RateLimits__PerAddressPerMinute"] = "1000000";
        env["RateLimits__LoginPerMinute"] = "10000";
        foreach (var (service, replicas) in _replicas)
        {
            foreach (var replica in replicas)
            {
                env[$"ReverseProxy__Clusters__{service}__Destinations__d{replica.Index}__Address"] = replica.Address.ToString();
            }

            // A killed replica leaves the rotation (passive: failed requests; active: its readiness probe).
            env[$"ReverseProxy__Clusters__{service}__HealthCheck__Active__Enabled"] = "true";
            env[$"ReverseProxy__Clusters__{service}__HealthCheck__Active__Interval"] = "00:00:02";
            env[$"ReverseProxy__Clusters__{service}__HealthCheck__Active__Timeout"] = "00:00:02";
            env[$"ReverseProxy__Clusters__{service}__HealthCheck__Active__Path"] = "/health/ready";
            env[$"ReverseProxy__Clusters__{service}__HealthCheck__Passive__Enabled"] = "true";
        }

        return env;
    }

    private void Launch(ServiceReplica replica, Dictionary<string, string> environment)
    {
        var dll = replica.Service.DllPath(RepositoryRoot, Configuration);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: build the solution in {Configuration} first.");
        }

        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var arg in new[] { "-c", Launcher, "ipx-launcher", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), replica.LogFile,
                     "dotnet", dll, "--contentRoot", Path.GetDirectoryName(dll)!,
                     // One line per request, so a test can see which replica served what (an argument,
                     // not a variable: the shell drops environment variables with dots in their names).
                     "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = replica.Address.ToString().TrimEnd('/');
        start.Environment["Telemetry__Instance"] = replica.Index.ToString(CultureInfo.InvariantCulture);
        File.AppendAllText(replica.LogFile, $"=== start {DateTimeOffset.UtcNow:O} on {replica.Address}{Environment.NewLine}");
        replica.Attach(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {replica}."));
    }

    private async Task WaitReady(ServiceReplica replica, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!replica.IsRunning)
            {
                throw new InvalidOperationException($"{replica} exited while starting:\n{replica.LogTail(30)}");
            }

            try
            {
                using var response = await _probe.GetAsync(new Uri(replica.Address, "health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // probe timed out: the machine is busy starting everything
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{replica} was not ready within {_options.ReadyTimeout}:\n{replica.LogTail(30)}");
    }

    public async ValueTask DisposeAsync()
    {
        var all = _replicas.Values.SelectMany(r => r).Append(_gateway).OfType<ServiceReplica>().ToList();
        foreach (var replica in all)
        {
            replica.Kill();
        }

        await Task.WhenAll(all.Select(r => r.WaitForExit(TimeSpan.FromSeconds(10))));
        _probe.Dispose();
        try
        {
            await Broker.DeleteVirtualHost(VirtualHost, CancellationToken.None);
        }
        catch (HttpRequestException)
        {
            // the broker is down (a fault test stopped it): the vhost goes with the test broker
        }

        Broker.Dispose();
        await DropSchemas();
    }

    /// <summary>This run's schemas go with it (IPX_KEEP_TEST_DATA=1 keeps them to look into).</summary>
    private async Task DropSchemas()
    {
        if (Environment.GetEnvironmentVariable("IPX_KEEP_TEST_DATA") == "1")
        {
            return;
        }

        try
        {
            await using var db = Npgsql.NpgsqlDataSource.Create(ConnectionString);
            foreach (var service in Services)
            {
                await using var drop = db.CreateCommand($"DROP SCHEMA IF EXISTS \"{SchemaOf(service.Name)}\" CASCADE");
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (Npgsql.NpgsqlException)
        {
            // the database is down (a fault test stopped it): the schemas stay, named by the run
        }
    }

    private static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{name} is not set: run with deploy/test.sh, or export eval \"$(bash deploy/infra.sh env)\" first.");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IpExchange.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("IpExchange.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>bin/&lt;Configuration&gt;/net10.0 of this assembly: the services were built alongside it.</summary>
    private static string ConfigurationOfThisAssembly()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return dir.Parent?.Name is { Length: > 0 } name && dir.Parent.Parent?.Name == "bin" ? name : "Release";
    }
}

/// <summary>A line of deploy/services.txt: the service's name (its YARP cluster id) and project.</summary>
public sealed record ServiceProject(string Name, string Project)
{
    public string DllPath(string root, string configuration) =>
        Path.Combine(root, Path.GetDirectoryName(Project)!, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(Project) + ".dll");

    public static IReadOnlyList<ServiceProject> FromServicesFile(string root) =>
        File.ReadAllLines(Path.Combine(root, "deploy", "services.txt"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => new ServiceProject(parts[0], parts[1]))
            .ToList();
}

/// <summary>One process of a service: its port stays the same across restarts, so the gateway's destination does.</summary>
public sealed class ServiceReplica(ServiceProject service, int index, int port, string logFile)
{
    private Process? _process;

    public ServiceProject Service { get; } = service;
    public int Index { get; } = index;
    public Uri Address { get; } = new($"http://127.0.0.1:{port}/");
    public string LogFile { get; } = logFile;
    public bool IsRunning => _process is { HasExited: false };

    internal void Attach(Process process) => _process = process;

    /// <summary>SIGKILL to the service and its launcher shell.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    public async Task WaitForExit(TimeSpan timeout)
    {
        if (_process is null)
        {
            return;
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // left to its watchdog
        }
    }

    /// <summary>How many requests this replica served whose path contains <paramref name="pathPart"/> (from its request log).</summary>
    public int RequestsServed(string method, string pathPart) =>
        ReadLog().Split('\n').Count(line => line.Contains("Request finished", StringComparison.Ordinal)
                                            && line.Contains($" {method} ", StringComparison.Ordinal)
                                            && line.Contains(pathPart, StringComparison.Ordinal));

    public string LogTail(int lines)
    {
        var all = ReadLog().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    public override string ToString() => $"{Service.Name} replica {Index} ({Address})";
}

/// <summary>RabbitMQ's management API (the port <c>deploy/infra.sh env</c> exports), as the broker's guest user.</summary>
public sealed class RabbitManagement : IDisposable
{
    private readonly HttpClient _http;

    public RabbitManagement()
    {
        var port = Environment.GetEnvironmentVariable("Messaging__ManagementPort") ?? Environment.GetEnvironmentVariable("IPX_RABBIT_MGMT_PORT")
                   ?? throw new InvalidOperationException("Messaging__ManagementPort is not set: export eval \"$(bash deploy/infra.sh env)\" first.");
        var user = Environment.GetEnvironmentVariable("Messaging__Username") ?? "guest";
        var password = Environment.GetEnvironmentVariable("Messaging__Password") ?? "guest";
        _http = new HttpClient { BaseAddress = new Uri($"http://{Environment.GetEnvironmentVariable("Messaging__Host") ?? "127.0.0.1"}:{port}/api/"), Timeout = TimeSpan.FromSeconds(20) };
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        User = user;
    }

    public string User { get; }

    public async Task CreateVirtualHost(string name, CancellationToken cancellationToken)
    {
        using var created = await _http.PutAsync(new Uri($"vhosts/{Uri.EscapeDataString(name)}", UriKind.Relative), null, cancellationToken);
        created.EnsureSuccessStatusCode();
        using var permitted = await _http.PutAsync(new Uri($"permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(User)}", UriKind.Relative),
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"), cancellationToken);
        permitted.EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHost(string name, CancellationToken cancellationToken)
    {
        using var deleted = await _http.DeleteAsync(new Uri($"vhosts/{Uri.EscapeDataString(name)}", UriKind.Relative), cancellationToken);
    }

    /// <summary>The queues of a virtual host: name, type (classic or quorum), consumers, messages.</summary>
    public async Task<System.Text.Json.JsonElement> Queues(string virtualHost, CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync(new Uri($"queues/{Uri.EscapeDataString(virtualHost)}?columns=name,type,consumers,messages", UriKind.Relative), cancellationToken);
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Publishes a raw message to an exchange of a virtual host (the fault tests' duplicate deliveries); true when a queue took it.</summary>
    public async Task<bool> Publish(string virtualHost, string exchange, string messageId, string contentType, string payload, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            properties = new Dictionary<string, object> { ["content_type"] = contentType, ["message_id"] = messageId, ["delivery_mode"] = 2 },
            routing_key = "",
            payload,
            payload_encoding = "string",
        });
        using var response = await _http.PostAsync(new Uri($"exchanges/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(exchange)}/publish", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("routed").GetBoolean();
    }

    public void Dispose() => _http.Dispose();
}
