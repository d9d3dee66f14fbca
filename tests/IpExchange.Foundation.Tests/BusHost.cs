using System.Collections.Concurrent;
using IpExchange.EventStore;
using IpExchange.Foundation.Tests.Messages;
using IpExchange.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Dapper;

namespace IpExchange.Foundation.Tests;

[CollectionDefinition("broker", DisableParallelization = true)]
public sealed class BrokerCollection;

/// <summary>
/// A service host as the services build it (store, relay, timers, MassTransit on the real RabbitMQ)
/// with one consumer that records each WidgetShipped of its scope as an effect row.
/// </summary>
public sealed class BusHost : IAsyncDisposable
{
    public static readonly Migration Effects = new("0100_effects", """
        CREATE TABLE {schema}.effects (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            message_id uuid NOT NULL, stream_id text NOT NULL, number int NOT NULL, redeliveries int NOT NULL)
        """);

    private BusHost(IHost host, string scope)
    {
        Host = host;
        Scope = scope;
    }

    public IHost Host { get; }
    public string Scope { get; }
    public EventStore.EventStore Store => Host.Services.GetRequiredService<EventStore.EventStore>();
    public IBus Bus => Host.Services.GetRequiredService<IBus>();
    public OutboxRelay Relay => Host.Services.GetRequiredService<OutboxRelay>();
    public FailurePlan Failures => Host.Services.GetRequiredService<FailurePlan>();

    public static async Task<BusHost> Start(string name, IDictionary<string, string?>? config = null)
    {
        var scope = $"{name}-{Guid.NewGuid():N}";
        var configuration = TestEnvironment.Configuration(config);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new ScopeName(scope));
        builder.Services.AddSingleton<FailurePlan>();
        builder.Services.AddEventStore(configuration, $"t_{name.Replace('-', '_')}_{Guid.NewGuid():N}"[..30],
            store => TestEvents.Register(store).Tables([Effects]).IntegrationEvents<WidgetAnnouncements>());
        builder.Services.AddIpExchangeMessaging(configuration, $"test-{name}", x => x.AddConsumer<WidgetEffectConsumer>());
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new BusHost(host, scope);
    }

    /// <summary>Appends a deposit of <paramref name="number"/>; the host's integration map announces it as a WidgetShipped.</summary>
    public async Task Ship(string streamId, int number, long expectedVersion, bool commit = true)
    {
        await using var session = await Store.OpenSession(EventMetadata.System());
        session.Append(streamId, expectedVersion, new AmountDeposited(number, Scope));
        if (commit)
        {
            await session.SaveChanges();
        }
    }

    public async Task<List<Effect>> EffectRows()
    {
        await using var connection = await Store.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Effect>(Store.Sql(
            "SELECT message_id AS MessageId, stream_id AS StreamId, number AS Number, redeliveries AS Redeliveries FROM {schema}.effects ORDER BY id"))).ToList();
    }

    public async Task<long> OutboxCount() => await EventStoreTests.Scalar<long>(Store, "SELECT count(*) FROM {schema}.outbox");

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await Host.StopAsync(cts.Token);
        }
        finally
        {
            Host.Dispose();
        }
    }

    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0}s waiting for: {what}");
    }
}

public sealed record ScopeName(string Value);

public sealed record Effect(Guid MessageId, string StreamId, int Number, int Redeliveries);

/// <summary>The test host's one integration event: each deposit is announced as a widget shipped.</summary>
public sealed class WidgetAnnouncements : IIntegrationEvents
{
    public IEnumerable<object> For(AppendedEvent appended) => appended.Data switch
    {
        AmountDeposited deposit => [new WidgetShipped(deposit.Note, appended.StreamId, (int)deposit.Amount)],
        _ => [],
    };
}

/// <summary>How many times a test wants the consumer to fail for a given widget number.</summary>
public sealed class FailurePlan
{
    public ConcurrentDictionary<int, int> FailuresLeft { get; } = new();
    public ConcurrentDictionary<int, int> Attempts { get; } = new();
}

public sealed class WidgetEffectConsumer(EventStore.EventStore store, ScopeName scope, FailurePlan failures) : IConsumer<WidgetShipped>
{
    public Task Consume(ConsumeContext<WidgetShipped> context)
    {
        if (context.Message.Scope != scope.Value)
        {
            return Task.CompletedTask; // another test's message on the shared exchange
        }

        return store.HandleOnce(context, "widget-effects", session =>
        {
            failures.Attempts.AddOrUpdate(context.Message.Number, 1, (_, n) => n + 1);
            if (failures.FailuresLeft.TryGetValue(context.Message.Number, out var left) && left > 0)
            {
                failures.FailuresLeft[context.Message.Number] = left - 1;
                throw new InvalidOperationException($"planned failure for widget {context.Message.Number}");
            }

            session.Marten.QueueSqlCommand(store.Sql("INSERT INTO {schema}.effects (message_id, stream_id, number, redeliveries) VALUES (?, ?, ?, ?)"),
                context.MessageId!.Value, context.Message.StreamId, context.Message.Number,
                context.Headers.Get<int>(IpExchange.Messaging.MessageHeaders.RedeliveryCount) ?? 0);
            return Task.CompletedTask;
        });
    }
}
