using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IpExchange.SystemTesting;

/// <summary>One exported data point: the process's service name, the metric, its attributes, its value (a histogram's count).</summary>
public sealed record ExportedPoint(string Service, string Metric, IReadOnlyDictionary<string, string> Attributes, double Value);

/// <summary>
/// A tiny OTLP/HTTP metrics receiver (<c>POST /v1/metrics</c>, protobuf), for tests: the .NET exporter
/// speaks protobuf only, the OpenTelemetry.Proto package is not served here, and the dashboard's API
/// gives traces and logs but no metrics. So it reads just what a test asserts on, straight off the
/// wire format: each data point's resource service name, metric name, string attributes and value.
/// </summary>
public sealed class OtlpMetricsReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ExportedPoint> _points = new();
    private readonly Task _loop;

    public OtlpMetricsReceiver()
    {
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/v1/metrics");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<ExportedPoint> Points => _points.ToArray();

    private async Task Serve()
    {
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
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                foreach (var point in ReadRequest(body.ToArray()))
                {
                    _points.Enqueue(point);
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf"; // an empty ExportMetricsServiceResponse
            }
            catch (FormatException)
            {
                context.Response.StatusCode = 400;
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    // ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
    // ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
    // ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
    // Metric { string name = 1; Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; ExponentialHistogram exponential_histogram = 10; }
    // Gauge/Sum/Histogram { repeated <DataPoint> data_points = 1; }
    // NumberDataPoint { double as_double = 4; sfixed64 as_int = 6; repeated KeyValue attributes = 7; }
    // HistogramDataPoint (and exponential) { fixed64 count = 4; repeated KeyValue attributes = 9; }
    internal static IEnumerable<ExportedPoint> ReadRequest(byte[] request)
    {
        foreach (var (_, resourceMetrics) in Fields(request, 1))
        {
            var service = "";
            foreach (var (_, resource) in Fields(resourceMetrics, 1))
            {
                service = Attributes(resource, 1).GetValueOrDefault("service.name", "");
            }

            foreach (var (_, scopeMetrics) in Fields(resourceMetrics, 2))
            {
                foreach (var (_, metric) in Fields(scopeMetrics, 2))
                {
                    var name = Fields(metric, 1).Select(f => Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault() ?? "";
                    foreach (var (kind, data) in Fields(metric, 5, 7, 9, 10))
                    {
                        var histogram = kind is 9 or 10;
                        foreach (var (_, point) in Fields(data, 1))
                        {
                            yield return new ExportedPoint(service, name, Attributes(point, histogram ? 9 : 7), Value(point, histogram));
                        }
                    }
                }
            }
        }
    }

    private static double Value(byte[] point, bool histogram)
    {
        var reader = new WireReader(point);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire, histogram)
            {
                case (4, 1, false): return BitConverter.Int64BitsToDouble((long)reader.Fixed64());
                case (6, 1, false): return (long)reader.Fixed64();
                case (4, 1, true): return reader.Fixed64();
                default: reader.Skip(wire); break;
            }
        }

        return 0;
    }

    /// <summary>KeyValue { string key = 1; AnyValue value = 2; } with AnyValue { string string_value = 1; bool = 2; int64 = 3; double = 4; }.</summary>
    private static Dictionary<string, string> Attributes(byte[] owner, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, keyValue) in Fields(owner, field))
        {
            var key = Fields(keyValue, 1).Select(f => Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault();
            var any = Fields(keyValue, 2).Select(f => f.Bytes).FirstOrDefault();
            if (key is null || any is null)
            {
                continue;
            }

            var reader = new WireReader(any);
            while (reader.Next(out var number, out var wire))
            {
                switch (number, wire)
                {
                    case (1, 2): attributes[key] = Encoding.UTF8.GetString(reader.Bytes()); break;
                    case (2 or 3, 0): attributes[key] = reader.Varint().ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                    default: reader.Skip(wire); break;
                }
            }
        }

        return attributes;
    }

    /// <summary>The length-delimited fields numbered <paramref name="numbers"/> of a message.</summary>
    private static List<(int Number, byte[] Bytes)> Fields(byte[] message, params int[] numbers)
    {
        var found = new List<(int, byte[])>();
        var reader = new WireReader(message);
        while (reader.Next(out var number, out var wire))
        {
            if (wire == 2 && numbers.Contains(number))
            {
                found.Add((number, reader.Bytes()));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return found;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends on the closed listener
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The protobuf wire format: varints, 64-bit, length-delimited and 32-bit fields.</summary>
    private sealed class WireReader(byte[] buffer)
    {
        private int _position;

        public bool Next(out int number, out int wire)
        {
            if (_position >= buffer.Length)
            {
                (number, wire) = (0, 0);
                return false;
            }

            var tag = Varint();
            (number, wire) = ((int)(tag >> 3), (int)(tag & 7));
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= buffer.Length)
                {
                    throw new FormatException("Truncated varint.");
                }

                var b = buffer[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new FormatException("Varint too long.");
        }

        public ulong Fixed64()
        {
            Need(8);
            var value = BitConverter.ToUInt64(buffer, _position);
            _position += 8;
            return value;
        }

        public byte[] Bytes()
        {
            var length = (int)Varint();
            Need(length);
            var bytes = buffer.AsSpan(_position, length).ToArray();
            _position += length;
            return bytes;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: Need(8); _position += 8; break;
                case 2: var length = (int)Varint(); Need(length); _position += length; break;
                case 5: Need(4); _position += 4; break;
                default: throw new FormatException($"Wire type {wire} is not supported.");
            }
        }

        private void Need(int count)
        {
            if (count < 0 || _position + count > buffer.Length)
            {
                throw new FormatException("Truncated field.");
            }
        }
    }
}
