using IpExchange.Foundation.Tests.Messages;
using MassTransit;
using Npgsql;

namespace IpExchange.Foundation.Tests;

/// <summary>The outbox relay, the inbox and redelivery against the real RabbitMQ and PostgreSQL.</summary>
[Collection("broker")]
public sealed class MessagingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Committed_messages_arrive_once_each_and_rolled_back_ones_never()
    {
        await using var host = await BusHost.Start("once");
        var streams = new[] { "w-a", "w-b", "w-c" };
        for (var n = 1; n <= 20; n++)
        {
            foreach (var stream in streams)
            {
                await host.Ship(stream, n, n - 1);
            }
        }

        await host.Ship("w-rolled-back", 999, 0, commit: false);
        await using (var lost = await host.Store.OpenSession(IpExchange.EventStore.EventMetadata.System()))
        {
            lost.Append("w-a", 0, new AmountDeposited(998, host.Scope));
            await Assert.ThrowsAsync<IpExchange.ServiceDefaults.ConcurrencyException>(() => lost.SaveChanges());
        }

        // What was not committed never reached the outbox, so it can never be published.
        Assert.Equal(0L, await EventStoreTests.Scalar<long>(host.Store, "SELECT count(*) FROM {schema}.outbox WHERE (body->>'number')::int >= 998"));
        await BusHost.Eventually(async () => (await host.EffectRows()).Count >= 60 && await host.OutboxCount() == 0, Patience, "60 effects and an empty outbox");
        var effects = await host.EffectRows();
        Assert.Equal(60, effects.Count);
        Assert.Equal(60, effects.Select(e => e.MessageId).Distinct().Count());
        foreach (var stream in streams)
        {
            // No order is promised (BuildingBlocks/README.md): every number once, in whatever order.
            Assert.Equal(Enumerable.Range(1, 20), effects.Where(e => e.StreamId == stream).Select(e => e.Number).Order());
        }
    }

    [Fact]
    public async Task The_relay_is_woken_by_a_commit_in_its_process_and_by_the_NOTIFY_of_a_commit_in_another()
    {
        // A poll far beyond the test's patience: only the doorbell or a NOTIFY can wake the relay.
        await using var host = await BusHost.Start("bell", new Dictionary<string, string?> { ["Messaging:Outbox:PollIntervalMs"] = "600000" });
        await BusHost.Eventually(() => Task.FromResult(host.Relay.IsLeader && host.Store.Doorbell.Answered), Patience, "the relay leading here");
        await host.Ship("w-bell-1", 1, 0);
        await BusHost.Eventually(async () => (await host.EffectRows()).Any(e => e.Number == 1), Patience, "the first message");

        // The relay has published and waits: this commit can reach RabbitMQ only through the doorbell.
        await host.Ship("w-bell-2", 2, 0);
        await BusHost.Eventually(async () => (await host.EffectRows()).Any(e => e.Number == 2), Patience, "a commit in the relay's own process");

        // A store on the same schema where no relay leads (another replica): its commit sends NOTIFY.
        await using var elsewhere = await TestEnvironment.NewStore("bell", b => b.IntegrationEvents<WidgetAnnouncements>(), host.Store.Schema);
        Assert.False(elsewhere.Doorbell.Answered);
        await using (var session = await elsewhere.OpenSession(IpExchange.EventStore.EventMetadata.System()))
        {
            session.Append("w-bell-3", 0, new AmountDeposited(3, host.Scope));
            await session.SaveChanges();
        }

        await BusHost.Eventually(async () => (await host.EffectRows()).Any(e => e.Number == 3), Patience, "a commit in another process");
        Assert.Equal(0L, await host.OutboxCount());
    }

    [Fact]
    public async Task A_message_delivered_twice_has_one_effect()
    {
        // One message at a time: once the later message's effect is there, every earlier delivery was handled.
        await using var host = await BusHost.Start("dup", new Dictionary<string, string?> { ["Messaging:ConcurrentMessageLimit"] = "1" });
        var messageId = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            await host.Bus.Publish(new WidgetShipped(host.Scope, "w-dup", 7), Pipe.Execute<PublishContext>(c => c.MessageId = messageId));
        }

        await host.Ship("w-after", 8, 0);
        await BusHost.Eventually(async () => (await host.EffectRows()).Any(e => e.Number == 8), Patience, "the later message's effect");
        var effects = await host.EffectRows();
        Assert.Single(effects, e => e.MessageId == messageId);
        Assert.Equal(1L, await EventStoreTests.Scalar<long>(host.Store, $"SELECT count(*) FROM {{schema}}.inbox WHERE message_id = '{messageId}'"));
    }

    [Fact]
    public async Task The_relay_passes_a_burnt_sequence_number_and_publishes_a_late_commit()
    {
        await using var host = await BusHost.Start("burnt");

        // A transaction takes an outbox id and rolls back: the id is burnt.
        await using (var burnt = await OpenOutboxInsert(host, 500))
        {
            await burnt.RollbackAsync();
        }

        // Another takes the next id and holds it while a later one commits and is published.
        await using var late = await OpenOutboxInsert(host, 501);
        await host.Ship("w-later", 502, 0);
        await BusHost.Eventually(async () => (await host.EffectRows()).Any(e => e.Number == 502), Patience, "the message after the burnt id");

        await late.CommitAsync();
        await BusHost.Eventually(async () => (await host.EffectRows()).Any(e => e.Number == 501), Patience, "the late-committed message");

        var effects = await host.EffectRows();
        Assert.DoesNotContain(effects, e => e.Number == 500);
        Assert.Equal([502, 501], effects.Select(e => e.Number));
        Assert.Equal(0L, await host.OutboxCount());
    }

    [Fact]
    public async Task A_failing_consumer_is_retried_then_redelivered_later_from_the_durable_timer()
    {
        await using var host = await BusHost.Start("redeliver", new Dictionary<string, string?>
        {
            ["Messaging:RetryIntervalsMs"] = "10",
            ["Messaging:RedeliveryIntervalsSeconds"] = "1",
        });
        host.Failures.FailuresLeft[42] = 2; // the first try and its one retry fail
        await host.Ship("w-redeliver", 42, 0);

        await BusHost.Eventually(async () => (await host.EffectRows()).Any(e => e.Number == 42), Patience, "the redelivered message's effect");
        var effect = Assert.Single(await host.EffectRows());
        Assert.Equal(1, effect.Redeliveries);
        Assert.Equal(3, host.Failures.Attempts[42]);
    }

    [Fact]
    public async Task Messages_committed_while_RabbitMQ_is_down_are_all_delivered_once_it_is_back()
    {
        await using var host = await BusHost.Start("outage");
        await host.Ship("w-before", 1, 0);
        await BusHost.Eventually(async () => (await host.EffectRows()).Count == 1, Patience, "the first effect");

        await TestEnvironment.Infra("rabbit-stop");
        try
        {
            for (var n = 1; n <= 50; n++)
            {
                await host.Ship($"w-outage-{n % 5}", n + 100, (n - 1) / 5);
            }

            // The relay tries, fails and backs off; nothing may be lost.
            await BusHost.Eventually(async () => await EventStoreTests.Scalar<long>(host.Store, "SELECT count(*) FROM {schema}.outbox WHERE attempts > 0") > 0,
                Patience, "a failed publish attempt while RabbitMQ is down");
            Assert.Equal(50L, await host.OutboxCount());
        }
        finally
        {
            await TestEnvironment.Infra("rabbit-start");
        }

        await BusHost.Eventually(async () => (await host.EffectRows()).Count == 51 && await host.OutboxCount() == 0, TimeSpan.FromSeconds(120), "all 51 effects after RabbitMQ came back");
        var effects = await host.EffectRows();
        Assert.Equal(51, effects.Count);
        Assert.Equal(51, effects.Select(e => e.MessageId).Distinct().Count());
        Assert.Equal(Enumerable.Range(101, 50), effects.Where(e => e.Number > 100).Select(e => e.Number).Order());
        Assert.Equal(0L, await host.OutboxCount());
    }

    [Fact]
    public async Task A_message_that_cannot_be_published_backs_off_alone_and_holds_back_nothing_else()
    {
        await using var host = await BusHost.Start("poison");
        // A row whose type this service does not know: it fails and backs off, and the others go out.
        await EventStoreTests.Execute(host.Store, """
            INSERT INTO {schema}.outbox (message_id, stream_id, message_type, body, headers, created_at)
            VALUES (gen_random_uuid(), 'w-stuck', 'No.Such.Type, Nowhere', '{}'::jsonb, '{"correlationId":"00000000-0000-0000-0000-000000000001"}'::jsonb, now())
            """);
        await host.Ship("w-stuck", 1, 0);
        for (var n = 2; n <= 6; n++)
        {
            await host.Ship($"w-free-{n}", n, 0);
        }

        await BusHost.Eventually(async () => (await host.EffectRows()).Count == 6 && await host.OutboxCount() == 1, Patience, "every message but the poisoned one");
        Assert.Contains(await host.EffectRows(), e => e.StreamId == "w-stuck");
        await BusHost.Eventually(async () => await EventStoreTests.Scalar<int>(host.Store, "SELECT max(attempts) FROM {schema}.outbox") >= 1, Patience, "the poisoned row's failed attempt");
        Assert.Equal("No.Such.Type, Nowhere", await EventStoreTests.Scalar<string>(host.Store, "SELECT message_type FROM {schema}.outbox"));
    }

    private static async Task<NpgsqlTransaction> OpenOutboxInsert(BusHost host, int number)
    {
        var connection = await host.Store.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand(host.Store.Sql("""
            INSERT INTO {schema}.outbox (message_id, stream_id, message_type, body, headers, created_at)
            VALUES (@id, @stream, @type, @body::jsonb, '{"correlationId":"00000000-0000-0000-0000-000000000001"}'::jsonb, now());
            SELECT pg_notify(@channel, '');
            """), connection, transaction);
        cmd.Parameters.AddWithValue("id", Guid.NewGuid());
        cmd.Parameters.AddWithValue("stream", $"w-raw-{number}");
        cmd.Parameters.AddWithValue("type", $"{typeof(WidgetShipped).FullName}, {typeof(WidgetShipped).Assembly.GetName().Name}");
        cmd.Parameters.AddWithValue("body", System.Text.Json.JsonSerializer.Serialize(new WidgetShipped(host.Scope, $"w-raw-{number}", number), host.Store.Json));
        cmd.Parameters.AddWithValue("channel", IpExchange.EventStore.EventSession.OutboxChannel(host.Store.Schema));
        await cmd.ExecuteNonQueryAsync();
        return transaction;
    }
}
