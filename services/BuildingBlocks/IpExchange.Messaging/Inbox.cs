using IpExchange.EventStore;
using MassTransit;

namespace IpExchange.Messaging;

public static class Inbox
{
    /// <summary>
    /// Runs a consumer's handling once per message id: the inbox mark, the handling's events, its
    /// read-model changes and its outgoing messages commit in one transaction. A redelivered or
    /// duplicated message finds the mark and does nothing.
    /// </summary>
    public static async Task HandleOnce(this EventStore.EventStore store, ConsumeContext context, string consumer, Func<EventSession, Task> handle)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        if (context.GetRetryAttempt() == 0)
        {
            MessagingTelemetry.RecordConsumed(consumer, context.SentTime); // once per delivery, not per retry
        }
        await using var session = await store.OpenSession(context.ToEventMetadata(), context.CancellationToken);
        if (!await session.TryMarkHandled(consumer, messageId, context.CancellationToken))
        {
            return;
        }

        await handle(session);
        try
        {
            await session.SaveChanges(context.CancellationToken);
        }
        catch (DuplicateDeliveryException)
        {
            // Another delivery of the same message committed its effects first: nothing is left to do.
        }
    }
}
