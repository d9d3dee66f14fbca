using System.Globalization;
using IpExchange.ServiceDefaults;
using Microsoft.AspNetCore.Http;

namespace IpExchange.EventStore;

/// <summary>
/// Who caused a change and in answer to what: kept with every event as evidence (Marten's
/// correlation id, causation id and user name columns, and an <c>org</c> header).
/// </summary>
public sealed record EventMetadata(
    Guid CorrelationId,
    Guid? CausationId,
    string? UserId,
    string? OrganisationId)
{
    public const string OrganisationHeader = "org";

    public static EventMetadata System(Guid? correlationId = null) =>
        new(correlationId ?? Guid.NewGuid(), null, "system", null);

    /// <summary>Marten keeps the ids as text; what it stores is what this reads back.</summary>
    internal static EventMetadata FromStored(string? correlationId, string? causationId, string? userName, object? organisation) =>
        new(Guid.TryParse(correlationId, CultureInfo.InvariantCulture, out var correlation) ? correlation : Guid.Empty,
            Guid.TryParse(causationId, CultureInfo.InvariantCulture, out var causation) ? causation : null,
            userName,
            organisation?.ToString());
}

/// <summary>An event as the store holds it, with its link in the stream's hash chain.</summary>
public sealed record StoredEvent(
    long Sequence,
    string StreamId,
    long Version,
    string EventType,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset Timestamp,
    string Hash);

public static class RequestMetadata
{
    /// <summary>
    /// The evidence for the events this request appends: its correlation id and, when signed in,
    /// the user (<c>sub</c> or NameIdentifier) and organisation (<c>org</c>) claims.
    /// </summary>
    public static EventMetadata EventMetadata(this HttpContext context)
    {
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        return new EventMetadata(
            context.CorrelationId(),
            CausationId: null,
            signedIn ? user.UserId() : null,
            signedIn ? user.FindFirst(RequestContextExtensions.OrganisationClaim)?.Value : null);
    }
}
