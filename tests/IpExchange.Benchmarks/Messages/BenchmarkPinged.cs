namespace IpExchange.Benchmarks.Messages;

/// <summary>
/// The integration message both publish benchmarks send. Nothing consumes it: with no queue bound
/// to its exchange RabbitMQ confirms and drops it, the same for the relay and the direct publishers.
/// </summary>
public sealed record BenchmarkPinged(Guid RunId, string StreamId, int Number, string Payload);

/// <summary>The event the store benchmark appends (one per append).</summary>
public sealed record BenchmarkAppended(int Number, string Payload);
