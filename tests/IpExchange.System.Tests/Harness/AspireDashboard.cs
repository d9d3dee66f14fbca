using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;

namespace IpExchange.SystemTesting;

/// <summary>
/// The Aspire dashboard as deploy/run.sh starts it: standalone, from the Aspire.Dashboard.Sdk package
/// (its path is built into this assembly), anonymous, on loopback ports of its own. Processes send it
/// OTLP/gRPC at <see cref="OtlpEndpoint"/>; its telemetry HTTP API (<c>/api/telemetry/…</c>, OTLP
/// JSON) reads the spans back. Disposing kills it; a watchdog shell kills it if the host dies.
/// </summary>
public sealed class AspireDashboard : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private AspireDashboard(Process process, Uri address, Uri otlp, string logFile)
    {
        _process = process;
        Address = address;
        OtlpEndpoint = otlp;
        LogFile = logFile;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }
    public Uri OtlpEndpoint { get; }
    public string LogFile { get; }

    /// <summary>Where the package put the dashboard's executable (the package's AspireDashboardPath, recorded at build time).</summary>
    public static string ExecutablePath =>
        typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "AspireDashboardPath")?.Value is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("AspireDashboardPath was not recorded at build time: the project must reference Aspire.Dashboard.Sdk.linux-x64.");

    /// <summary>Starts the dashboard and waits until it is ready.</summary>
    public static async Task<AspireDashboard> Start(string logDirectory, CancellationToken cancellationToken)
    {
        var dashboard = Launch(logDirectory);
        try
        {
            await dashboard.WaitReady(cancellationToken);
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the dashboard without waiting: its endpoints are known at once, so the system can start
    /// beside it (an exporter retries until it listens); <see cref="WaitReady"/> before reading it.
    /// </summary>
    public static AspireDashboard Launch(string logDirectory)
    {
        var exe = ExecutablePath;
        if (!File.Exists(exe))
        {
            throw new InvalidOperationException($"The Aspire dashboard is not at {exe}: restore the solution first.");
        }

        Directory.CreateDirectory(logDirectory);
        var (ui, grpc, http) = (FreePort(), FreePort(), FreePort());
        var log = Path.Combine(logDirectory, "dashboard.log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(exe)! };
        foreach (var arg in new[] { "-c", SystemUnderTest.Launcher, "ipx-launcher", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), log, exe })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ui}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{grpc}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{http}";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        return new AspireDashboard(Process.Start(start) ?? throw new InvalidOperationException("Could not start the dashboard."),
            new Uri($"http://127.0.0.1:{ui}/"), new Uri($"http://127.0.0.1:{grpc}/"), log);
    }

    public async Task WaitReady(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The dashboard exited while starting: {ReadLog()}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("api/telemetry/resources", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"The dashboard was not ready within 60 s: {ReadLog()}");
    }

    /// <summary>Recent spans of one resource (a service name, or name-instance with several replicas), newest last.</summary>
    public async Task<IReadOnlyList<DashboardSpan>> Spans(string resource, int limit, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"api/telemetry/spans?resource={Uri.EscapeDataString(resource)}&limit={limit}", UriKind.Relative), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? [] : DashboardSpan.Read(await Json(response, cancellationToken));
    }

    /// <summary>Every span of a trace the dashboard holds; empty while it holds none.</summary>
    public async Task<IReadOnlyList<DashboardSpan>> Trace(string traceId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"api/telemetry/traces/{traceId}", UriKind.Relative), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? [] : DashboardSpan.Read(await Json(response, cancellationToken));
    }

    /// <summary>The structured logs of a trace: (resource, message) pairs.</summary>
    public async Task<IReadOnlyList<(string Service, string Message)>> Logs(string traceId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"api/telemetry/logs?traceId={traceId}&limit=1000", UriKind.Relative), cancellationToken);
        var body = await Json(response, cancellationToken);
        var logs = new List<(string, string)>();
        foreach (var resource in Array(body.GetProperty("data"), "resourceLogs"))
        {
            var service = DashboardSpan.ServiceName(resource);
            foreach (var record in Array(resource, "scopeLogs").SelectMany(scope => Array(scope, "logRecords")))
            {
                var message = record.TryGetProperty("body", out var b) && b.TryGetProperty("stringValue", out var text) ? text.GetString() ?? "" : "";
                logs.Add((service, message));
            }
        }

        return logs;
    }

    internal static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static async Task<JsonElement> Json(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
    }

    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // left to its watchdog
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One span as the dashboard's API gives it (OTLP JSON): its resource's service name, scope, ids, name, kind, attributes.</summary>
public sealed record DashboardSpan(
    string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public const int Server = 2;
    public const int Consumer = 5;

    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

    internal static IReadOnlyList<DashboardSpan> Read(JsonElement body)
    {
        var spans = new List<DashboardSpan>();
        foreach (var resource in AspireDashboard.Array(body.GetProperty("data"), "resourceSpans"))
        {
            var service = ServiceName(resource);
            foreach (var scope in AspireDashboard.Array(resource, "scopeSpans"))
            {
                var scopeName = scope.TryGetProperty("scope", out var s) && s.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                foreach (var span in AspireDashboard.Array(scope, "spans"))
                {
                    spans.Add(new DashboardSpan(
                        service,
                        scopeName,
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) && parent.GetString() is { Length: > 0 } p ? p : null,
                        span.GetProperty("name").GetString()!,
                        span.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.Number ? kind.GetInt32() : 0,
                        ReadAttributes(span)));
                }
            }
        }

        return spans;
    }

    internal static string ServiceName(JsonElement resource) =>
        ReadAttributes(resource.TryGetProperty("resource", out var r) ? r : default).GetValueOrDefault("service.name", "");

    private static Dictionary<string, string> ReadAttributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in AspireDashboard.Array(owner, "attributes"))
        {
            var value = attribute.GetProperty("value");
            var text = value.EnumerateObject().FirstOrDefault().Value;
            attributes[attribute.GetProperty("key").GetString()!] = text.ValueKind == JsonValueKind.String ? text.GetString()! : text.ToString();
        }

        return attributes;
    }

    public override string ToString() => $"{Service}: {Name} ({Scope}, kind {Kind}, {SpanId} <- {ParentSpanId ?? "root"})";
}
