using System.Collections;
using System.Collections.Concurrent;
using MassTransit;

namespace IpExchange.Testing;

/// <summary>
/// A temporary queue bound to the given integration events, recording every one that arrives, so a
/// test can see what a service published over the real RabbitMQ. Dispose to remove the queue.
/// </summary>
public sealed class MessageLog : IEnumerable<object>, IAsyncDisposable
{
    private readonly ConcurrentQueue<object> _messages = new();
    private HostReceiveEndpointHandle? _endpoint;

    public static async Task<MessageLog> Start(IBus bus, params Type[] messageTypes)
    {
        var log = new MessageLog();
        var subscribe = typeof(MessageLog).GetMethod(nameof(Subscribe), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        log._endpoint = bus.ConnectReceiveEndpoint(e =>
        {
            foreach (var type in messageTypes)
            {
                subscribe.MakeGenericMethod(type).Invoke(log, [e]);
            }
        });
        await log._endpoint.Ready;
        return log;
    }

    public IEnumerator<object> GetEnumerator() => _messages.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.StopAsync();
        }
    }

    private void Subscribe<T>(IReceiveEndpointConfigurator endpoint)
        where T : class =>
        endpoint.Handler<T>(context =>
        {
            _messages.Enqueue(context.Message);
            return Task.CompletedTask;
        });
}
