using System.Globalization;
using System.Text.Json;
using IpExchange.EventStore;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IpExchange.Messaging;

/// <summary>
/// Second-level retry: once the immediate retries are spent, the message is handed to a durable
/// timer in the service's PostgreSQL schema and sent back to the same queue after the next
/// configured interval, keeping its MessageId (so the inbox still de-duplicates). After the last
/// interval the exception goes on and MassTransit moves the message to the _error queue.
/// MassTransit's own delayed redelivery needs RabbitMQ's delayed-exchange plugin, which Debian's
/// RabbitMQ does not ship; the timers table is the scheduler here.
/// </summary>
public sealed class RedeliveryFilter<T>(IServiceProvider services, IOptions<MessagingOptions> options) : IFilter<ConsumeContext<T>>
    where T : class
{
    public const string TimerKind = "ipx-redelivery";

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && context.GetRetryAttempt() >= options.Value.RetryIntervals.Length)
        {
            var count = RedeliveryCount(context);
            var intervals = options.Value.RedeliveryIntervals;
            var store = services.GetService<EventStore.EventStore>();
            if (count >= intervals.Length || store is null || context.MessageId is null)
            {
                throw;
            }

            var payload = new RedeliveryPayload(
                context.ReceiveContext.InputAddress.ToString(),
                $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}",
                JsonSerializer.SerializeToElement(context.Message, store.Json),
                context.MessageId.Value,
                context.CorrelationId,
                context.Headers.Get<string>(MessageHeaders.UserId),
                context.Headers.Get<string>(MessageHeaders.OrganisationId),
                count + 1,
                e.Message);
            await using var session = await store.OpenSession(context.ToEventMetadata(), context.CancellationToken);
            await session.ScheduleTimer(
                TimerKind,
                $"{context.MessageId}:{context.ReceiveContext.InputAddress}:{count + 1}",
                store.Now() + intervals[count],
                payload,
                context.CancellationToken);
            await session.SaveChanges(context.CancellationToken);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("ipx-redelivery");

    private static int RedeliveryCount(ConsumeContext context) =>
        context.Headers.TryGetHeader(MessageHeaders.RedeliveryCount, out var value) && value is not null
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : 0;
}

public sealed record RedeliveryPayload(
    string Destination,
    string MessageType,
    JsonElement Message,
    Guid MessageId,
    Guid? CorrelationId,
    string? UserId,
    string? OrganisationId,
    int Count,
    string Error);

/// <summary>Sends a message held for redelivery back to the queue it failed on.</summary>
public sealed class RedeliveryTimerHandler(ISendEndpointProvider endpoints, EventStore.EventStore store) : ITimerHandler
{
    public string Kind => RedeliveryFilter<object>.TimerKind;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var payload = timer.Payload.Deserialize<RedeliveryPayload>(store.Json)
                      ?? throw new InvalidOperationException($"Redelivery timer {timer.Key} has no payload.");
        var type = Type.GetType(payload.MessageType, throwOnError: true)!;
        var message = payload.Message.Deserialize(type, store.Json)!;
        var endpoint = await endpoints.GetSendEndpoint(new Uri(payload.Destination));
        await endpoint.Send(message, type, Pipe.Execute<SendContext>(context =>
        {
            context.MessageId = payload.MessageId;
            context.CorrelationId = payload.CorrelationId;
            context.Headers.Set(MessageHeaders.RedeliveryCount, payload.Count);
            if (payload.UserId is not null)
            {
                context.Headers.Set(MessageHeaders.UserId, payload.UserId);
            }

            if (payload.OrganisationId is not null)
            {
                context.Headers.Set(MessageHeaders.OrganisationId, payload.OrganisationId);
            }
        }), cancellationToken);
    }
}

internal static class RedeliveryConfiguration
{
    public static void UseRedelivery(this IRabbitMqBusFactoryConfigurator cfg, IRegistrationContext context, MessagingOptions options)
    {
        if (options.RedeliveryIntervals.Length > 0)
        {
            cfg.UseConsumeFilter(typeof(RedeliveryFilter<>), context);
        }
    }
}
