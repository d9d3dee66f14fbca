using IpExchange.EventStore;
using MassTransit;

namespace IpExchange.Messaging;

/// <summary>Who caused a message travels with it, so a consumer's events keep the same evidence.</summary>
public static class MessageHeaders
{
    public const string UserId = "ipx-user";
    public const string OrganisationId = "ipx-org";
    public const string StreamId = "ipx-stream";
    public const string RedeliveryCount = "ipx-redelivery";

    public static EventMetadata ToEventMetadata(this ConsumeContext context) => new(
        context.CorrelationId ?? context.MessageId ?? Guid.NewGuid(),
        context.MessageId,
        context.Headers.Get<string>(UserId) ?? "system",
        context.Headers.Get<string>(OrganisationId));
}
