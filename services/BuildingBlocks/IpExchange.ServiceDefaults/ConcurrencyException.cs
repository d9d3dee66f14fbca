using System.Globalization;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// Another writer changed the resource first. The one exception a lost race raises: the HTTP
/// layer answers it with 409 (or 412 when the version came in an If-Match header), and message
/// consumers let MassTransit's retry reload and try again.
/// </summary>
public sealed class ConcurrencyException : Exception
{
    public ConcurrencyException(string streamId, long expectedVersion, long? actualVersion, Exception? innerException = null)
        : base($"Stream '{streamId}' is at version {actualVersion?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, not the expected {expectedVersion.ToString(CultureInfo.InvariantCulture)}.", innerException)
    {
        StreamId = streamId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    public ConcurrencyException() : this("", 0, null) { }

    public ConcurrencyException(string message) : base(message) { StreamId = ""; }

    public ConcurrencyException(string message, Exception innerException) : base(message, innerException) { StreamId = ""; }

    public string StreamId { get; }
    public long ExpectedVersion { get; }
    public long? ActualVersion { get; }
}
