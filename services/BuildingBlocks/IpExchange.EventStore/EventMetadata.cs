namespace IpExchange.EventStore;

/// <summary>Who caused a change and in answer to what: kept with every event as evidence.</summary>
public sealed record EventMetadata(
    Guid CorrelationId,
    Guid? CausationId,
    string? UserId,
    string? OrganisationId)
{
    public static EventMetadata System(Guid? correlationId = null) =>
        new(correlationId ?? Guid.NewGuid(), null, "system", null);
}

/// <summary>An event as the store holds it.</summary>
public sealed record StoredEvent(
    long Sequence,
    string StreamId,
    long Version,
    string EventType,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset Timestamp,
    string Hash);

/// <summary>An event about to be appended, with the version it will have once committed.</summary>
public sealed record PendingEvent(string StreamId, object Data);
