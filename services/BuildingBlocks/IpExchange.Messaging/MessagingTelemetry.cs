using System.Diagnostics;
using System.Diagnostics.Metrics;
using IpExchange.ServiceDefaults;

namespace IpExchange.Messaging;

/// <summary>
/// The relay's and the consumers' telemetry. <c>ipx.outbox.relay.lag</c>: from a message's commit
/// to the broker's confirm of its publish (what the relay adds to a deal's way through the system).
/// <c>ipx.consumer.lag</c>: from the publish (MassTransit's SentTime) to the consumer's handling
/// (queueing, prefetch, retries). <c>ipx.outbox.published</c> and <c>ipx.outbox.publish_failures</c>
/// count the relay's outcomes. The relay's span (<c>outbox relay {message}</c>) is a child of the
/// trace context stored with the row, and MassTransit's publish span and every consumer's span are
/// children of it: one trace from the request to every consumer.
/// </summary>
public static class MessagingTelemetry
{
    public const string Name = "IpExchange.Messaging";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> RelayLag = Meter.CreateHistogram(
        "ipx.outbox.relay.lag", "s", "From the commit of an outbox message to the broker's confirm of its publish.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Telemetry.SecondsBuckets });

    private static readonly Histogram<double> ConsumerLag = Meter.CreateHistogram(
        "ipx.consumer.lag", "s", "From a message's publish to the start of its handling by a consumer.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Telemetry.SecondsBuckets });

    private static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "ipx.outbox.published", "{message}", "Outbox messages the broker confirmed, by message type.");

    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        "ipx.outbox.publish_failures", "{message}", "Outbox publishes that failed and back off, by message type.");

    internal static void RecordPublished(string messageType, TimeSpan lag)
    {
        var type = new KeyValuePair<string, object?>("message.type", messageType);
        Published.Add(1, type);
        RelayLag.Record(Math.Max(0, lag.TotalSeconds), type);
    }

    internal static void RecordFailed(string messageType) =>
        Failed.Add(1, new KeyValuePair<string, object?>("message.type", messageType));

    internal static void RecordConsumed(string consumer, DateTime? sentTime)
    {
        if (sentTime is { } sent && ConsumerLag.Enabled)
        {
            // SentTime is the publisher's wall clock (UTC), as is this one: both run on the exchange's hosts.
            ConsumerLag.Record(Math.Max(0, (DateTime.UtcNow - DateTime.SpecifyKind(sent, DateTimeKind.Utc)).TotalSeconds),
                new KeyValuePair<string, object?>("consumer", consumer));
        }
    }

    /// <summary>The short name of a stored message type (<c>IpExchange.Contracts.Deals.DealStruck, IpExchange.Contracts</c> → <c>DealStruck</c>).</summary>
    internal static string ShortName(string messageType)
    {
        var comma = messageType.IndexOf(',', StringComparison.Ordinal);
        var full = comma < 0 ? messageType : messageType[..comma];
        return full[(full.LastIndexOf('.') + 1)..];
    }
}
