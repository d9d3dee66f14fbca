using System.Net;
using System.Net.Sockets;

namespace IpExchange.Benchmarks;

/// <summary>
/// A stand-in for an OpenTelemetry collector on another machine, for the load benchmark: it accepts
/// OTLP/HTTP (<c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>), counts the requests and
/// bytes per signal and keeps nothing. The processes pay the whole cost of making, batching,
/// serialising and sending their telemetry, as they would in production (deploy/compose and
/// deploy/k8s send it to a collector); what a collector and a dashboard spend receiving it is not
/// charged to them, since here it would run on the same two cores.
/// </summary>
internal sealed class OtlpCollectorSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private long _requests;
    private long _bytes;
    private long _tracesBytes;

    public OtlpCollectorSink()
    {
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    /// <summary>The base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT); the exporters add each signal's path.</summary>
    public Uri Endpoint { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long TracesBytes => Interlocked.Read(ref _tracesBytes);

    private async Task Serve()
    {
        var buffer = new byte[81920];
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                long read = 0;
                int n;
                while ((n = await context.Request.InputStream.ReadAsync(buffer)) > 0)
                {
                    read += n;
                }

                Interlocked.Increment(ref _requests);
                Interlocked.Add(ref _bytes, read);
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    Interlocked.Add(ref _tracesBytes, read);
                }

                // An empty Export*ServiceResponse: everything accepted.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            catch (HttpListenerException)
            {
                // The exporter gave up on this request (its timeout); the next one comes anyway.
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
