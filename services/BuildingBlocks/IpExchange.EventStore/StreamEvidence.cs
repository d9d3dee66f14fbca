using IpExchange.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IpExchange.EventStore;

/// <summary>One stored event as evidence: what, when, who, and its link in the hash chain.</summary>
public sealed record EvidenceEvent(long Sequence, long Version, string EventType, DateTimeOffset RecordedAt, string Hash, EventMetadata Metadata);

public sealed record StreamEvidenceView(string StreamId, IReadOnlyList<EvidenceEvent> Events, ChainVerification Verification);

/// <summary>
/// 存证: any stream of the service's store with its hash-chain verification, for exchange staff (the
/// Monitoring service's audit asks each service for the streams behind a deal). One line per service:
/// <c>app.MapStreamEvidence()</c>.
/// </summary>
public static class StreamEvidence
{
    public static RouteHandlerBuilder MapStreamEvidence(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/evidence/streams/{streamId}", async (string streamId, EventStore store, CancellationToken cancellationToken) =>
        {
            var events = await store.ReadStream(streamId, cancellationToken);
            if (events.Count == 0)
            {
                throw new NotFoundException("stream", streamId);
            }

            var verification = await store.VerifyStream(streamId, cancellationToken);
            return Results.Ok(new StreamEvidenceView(streamId,
                events.Select(e => new EvidenceEvent(e.Sequence, e.Version, e.EventType, e.Timestamp, e.Hash, e.Metadata)).ToList(), verification));
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithTags("Evidence")
        .WithSummary("A stream's events and its hash-chain verification (exchange staff)");
}
