namespace IpExchange.EventStore;

/// <summary>
/// A domain event as it is appended: its version (0 when appended at whatever version the stream
/// has), the stream's state after it (null when the stream was not loaded), who caused it and when.
/// </summary>
public sealed record AppendedEvent(string StreamId, long Version, object Data, object? State, EventMetadata Metadata, DateTimeOffset At);

/// <summary>
/// The one place in a service that turns its domain events into the integration events other
/// services consume (eShop's IntegrationEventService role). The session calls it for every event
/// it appends and writes what it returns to the outbox in the same transaction, so no command or
/// consumer publishes by hand and nothing is announced that was not committed.
/// </summary>
public interface IIntegrationEvents
{
    IEnumerable<object> For(AppendedEvent appended);
}
