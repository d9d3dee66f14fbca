using Dapper;
using IpExchange.EventStore;
using IpExchange.ServiceDefaults;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten.Events.Aggregation;

namespace IpExchange.Foundation.Tests;

public sealed class EventStoreTests
{
    private static readonly EventMetadata Alice = new(Guid.NewGuid(), Guid.NewGuid(), "alice", "org-tsinghua");

    [Fact]
    public async Task Appended_events_fold_back_into_the_state_with_their_metadata_under_their_short_type_names()
    {
        await using var store = await TestEnvironment.NewStore("fold");
        await using (var session = await store.OpenSession(Alice))
        {
            session.Append("acc-1", ExpectedVersion.NoStream, new AccountOpened("清华大学 Tsinghua"), new AmountDeposited(100.50m, "首付 first"));
            await session.SaveChanges();
        }

        var account = await store.Load<Account>("acc-1");
        Assert.Equal(2, account.Version);
        Assert.Equal("清华大学 Tsinghua", account.State.Owner);
        Assert.Equal(100.50m, account.State.Balance);

        var events = await store.ReadStream("acc-1");
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.True(events[1].Sequence > events[0].Sequence);
        Assert.Equal(["AccountOpened", "AmountDeposited"], events.Select(e => e.EventType));
        Assert.Equal(new AmountDeposited(100.50m, "首付 first"), events[1].Data);
        Assert.Equal(Alice, events[0].Metadata);
        Assert.Equal(TimeSpan.Zero, events[0].Timestamp.Offset);
        Assert.All(events, e => Assert.Equal(64, e.Hash.Length));

        // The stored names are the evidence's vocabulary: the short type names, as the earlier store kept them.
        Assert.Equal(["AccountOpened", "AmountDeposited"],
            await Query<string>(store, "SELECT type FROM {schema}.mt_events WHERE stream_id = 'acc-1' ORDER BY version"));
        Assert.Equal("首付 first", await Scalar<string>(store, "SELECT data->>'note' FROM {schema}.mt_events WHERE stream_id = 'acc-1' AND version = 2"));
    }

    [Fact]
    public async Task Appending_with_a_stale_version_raises_the_concurrency_error_and_commits_nothing()
    {
        await using var store = await TestEnvironment.NewStore("stale");
        await AppendDeposits(store, "acc-2", 1);

        await using (var s = await store.OpenSession(Alice))
        {
            s.Append("acc-2", 0, new AmountDeposited(1m, "late"));
            s.Publish(new Messages.WidgetShipped("stale", "acc-2", 1), "acc-2");
            var error = await Assert.ThrowsAsync<ConcurrencyException>(() => s.SaveChanges());
            Assert.Equal("acc-2", error.StreamId);
            Assert.Equal(0, error.ExpectedVersion);
            Assert.Equal(1, error.ActualVersion);
        }

        Assert.Single(await store.ReadStream("acc-2"));
        Assert.Equal(0L, await Scalar<long>(store, "SELECT count(*) FROM {schema}.outbox"));
    }

    [Fact]
    public async Task The_expected_version_is_the_version_before_the_append_exactly_at_the_boundary()
    {
        // Marten's Append(id, version) counts the version after the append; ours (the ETag a client
        // sends back) is the version it read. Stream at 3: If-Match 3 passes, 2 and 4 fail.
        await using var store = await TestEnvironment.NewStore("boundary");
        await AppendDeposits(store, "acc-b", 3);

        foreach (var stale in new long[] { 2, 4 })
        {
            await using var s = await store.OpenSession(Alice);
            var error = await Assert.ThrowsAsync<ConcurrencyException>(() => s.Load<Account>("acc-b", stale));
            Assert.Equal((stale, 3L), (error.ExpectedVersion, error.ActualVersion));
        }

        await using (var s = await store.OpenSession(Alice))
        {
            var at3 = await s.Load<Account>("acc-b", 3);
            var after = s.Append(at3, new AmountDeposited(1m, "at the boundary"));
            Assert.Equal(4, after.Version);
            Assert.Equal(4, after.State.Deposits);
            await s.SaveChanges();
        }

        // The raw append takes the version read too: 4 is current, 3 is one behind.
        await using (var s = await store.OpenSession(Alice))
        {
            s.Append("acc-b", 3, new AmountDeposited(1m, "one behind"));
            var error = await Assert.ThrowsAsync<ConcurrencyException>(() => s.SaveChanges());
            Assert.Equal((3L, 4L), (error.ExpectedVersion, error.ActualVersion));
        }

        await using (var s = await store.OpenSession(Alice))
        {
            s.Append("acc-b", 4, new AmountDeposited(1m, "current"));
            await s.SaveChanges();
        }

        // A race lost after the load (no If-Match involved) fails at the commit.
        await using var first = await store.OpenSession(Alice);
        await using var second = await store.OpenSession(Alice);
        var a = await first.Load<Account>("acc-b");
        var b = await second.Load<Account>("acc-b");
        first.Append(a, new AmountDeposited(1m, "first"));
        second.Append(b, new AmountDeposited(1m, "second"));
        await first.SaveChanges();
        var lost = await Assert.ThrowsAsync<ConcurrencyException>(() => second.SaveChanges());
        Assert.Equal(("acc-b", 5L, 6L), (lost.StreamId, lost.ExpectedVersion, lost.ActualVersion));
        Assert.Equal(6, (await store.Load<Account>("acc-b")).Version);
    }

    [Fact]
    public async Task A_lost_race_on_one_stream_rolls_back_the_whole_session()
    {
        await using var store = await TestEnvironment.NewStore("atomic");
        await AppendDeposits(store, "acc-b", 1);
        await using (var s = await store.OpenSession(Alice))
        {
            Assert.True(await s.TryMarkHandled("atomic", Guid.NewGuid()));
            await s.ScheduleTimer("deposit", "acc-b", store.Now());
            s.Append("acc-a", ExpectedVersion.NoStream, new AccountOpened("first stream, fine"));
            s.Append("acc-b", 0, new AmountDeposited(5m, "stale: acc-b is at 1"));
            s.Publish(new Messages.WidgetShipped("atomic", "acc-b", 1), "acc-b");
            var error = await Assert.ThrowsAsync<ConcurrencyException>(() => s.SaveChanges());
            Assert.Equal("acc-b", error.StreamId);
        }

        Assert.False((await store.Load<Account>("acc-a")).Exists);
        Assert.Equal(1, (await store.Load<Account>("acc-b")).Version);
        foreach (var table in new[] { "outbox", "inbox", "timers" })
        {
            Assert.Equal(0L, await Scalar<long>(store, $"SELECT count(*) FROM {{schema}}.{table}"));
        }
    }

    [Fact]
    public async Task Concurrent_writers_on_one_stream_get_exactly_one_winner_per_version()
    {
        await using var store = await TestEnvironment.NewStore("race");
        const int writers = 16;
        const int rounds = 10;
        for (var round = 0; round < rounds; round++)
        {
            var expected = round;
            var loaded = 0;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                await using var s = await store.OpenSession(Alice);
                var account = await s.Load<Account>("acc-race");
                Assert.Equal(expected, account.Version);
                s.Append(account, new AmountDeposited(1m, $"round {expected} writer {w}"));
                if (Interlocked.Increment(ref loaded) == writers)
                {
                    start.SetResult(); // every writer has read the same version: now they race
                }

                await start.Task;
                try
                {
                    await s.SaveChanges();
                    return "won";
                }
                catch (ConcurrencyException e)
                {
                    Assert.Equal(expected + 1, e.ActualVersion);
                    return "lost";
                }
            })));
            Assert.Equal(1, outcomes.Count(o => o == "won"));
            Assert.Equal(writers - 1, outcomes.Count(o => o == "lost"));
        }

        var result = await store.Load<Account>("acc-race");
        Assert.Equal(rounds, result.Version);
        Assert.Equal(rounds, result.State.Deposits);
        Assert.True((await store.VerifyStream("acc-race")).IsIntact);
    }

    [Fact]
    public async Task Exclusive_writers_on_a_hot_stream_queue_up_and_all_commit()
    {
        await using var store = await TestEnvironment.NewStore("exclusive");
        await AppendDeposits(store, "acc-hot", 1);
        const int writers = 16;
        var versionsSeen = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await using var s = await store.OpenSession(Alice);
            var account = await s.LoadExclusive<Account>("acc-hot");
            s.Append(account, new AmountDeposited(1m, $"bid {w}"));
            await s.SaveChanges();
            return account.Version;
        })));

        // Each writer read the state its predecessor committed: no lost race, no retry.
        Assert.Equal(Enumerable.Range(1, writers).Select(v => (long)v), versionsSeen.Order());
        var account = await store.Load<Account>("acc-hot");
        Assert.Equal(writers + 1, account.Version);
        Assert.True((await store.VerifyStream("acc-hot")).IsIntact);
    }

    [Fact]
    public async Task Concurrent_creators_of_a_new_stream_get_one_winner()
    {
        await using var store = await TestEnvironment.NewStore("create");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await using var s = await store.OpenSession(Alice);
            s.Append("acc-new", ExpectedVersion.NoStream, new AccountOpened($"owner {i}"));
            try
            {
                await s.SaveChanges();
                return true;
            }
            catch (ConcurrencyException e)
            {
                Assert.Equal("acc-new", e.StreamId);
                return false;
            }
        })));
        Assert.Single(outcomes, won => won);
        Assert.Single(await store.ReadStream("acc-new"));
    }

    [Fact]
    public async Task A_long_stream_verifies_and_its_head_is_the_last_link()
    {
        await using var store = await TestEnvironment.NewStore("long");
        var version = 0L;
        for (var batch = 0; batch < 100; batch++)
        {
            await using var s = await store.OpenSession(Alice);
            var events = Enumerable.Range(0, 1 + (batch % 3)).Select(i => (object)new AmountDeposited(i, $"batch {batch} 第{i}笔")).ToArray();
            s.Append("acc-long", version, events);
            await s.SaveChanges();
            version += events.Length;
        }

        var verification = await store.VerifyStream("acc-long");
        Assert.True(verification.IsIntact, verification.Reason);
        Assert.Equal(version, verification.EventsChecked);
        Assert.Equal((await store.ReadStream("acc-long"))[^1].Hash, verification.HeadHash);
    }

    [Fact]
    public async Task An_edited_event_row_fails_verification_at_that_event()
    {
        await using var store = await TestEnvironment.NewStore("tamper");
        await AppendDeposits(store, "acc-t", 5);
        var intact = await store.VerifyStream("acc-t");
        Assert.True(intact.IsIntact);
        Assert.Equal(5, intact.EventsChecked);

        await Execute(store, "UPDATE {schema}.mt_events SET data = jsonb_set(data, '{amount}', '999') WHERE stream_id = 'acc-t' AND version = 3");

        var broken = await store.VerifyStream("acc-t");
        Assert.False(broken.IsIntact);
        Assert.Equal(3, broken.BrokenAtVersion);
        Assert.Equal(2, broken.EventsChecked);
        Assert.Contains("hash", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edited_metadata_fails_verification_too()
    {
        await using var store = await TestEnvironment.NewStore("tamper_meta");
        await AppendDeposits(store, "acc-m", 3);
        await Execute(store, "UPDATE {schema}.mt_events SET user_name = 'mallory' WHERE stream_id = 'acc-m' AND version = 2");
        Assert.Equal(2, (await store.VerifyStream("acc-m")).BrokenAtVersion);
    }

    [Fact]
    public async Task A_recomputed_link_on_an_edited_row_breaks_the_next_link()
    {
        await using var store = await TestEnvironment.NewStore("rehash");
        await AppendDeposits(store, "acc-r", 4);
        // A forger who edits version 2 and recomputes its own link still breaks version 3's.
        await Execute(store, """
            UPDATE {schema}.mt_events SET data = jsonb_set(data, '{note}', '"forged"') WHERE stream_id = 'acc-r' AND version = 2;
            UPDATE {schema}.event_hashes h SET hash = {schema}.event_hash(
                    (SELECT p.hash FROM {schema}.event_hashes p WHERE p.stream_id = 'acc-r' AND p.version = 1),
                    e.stream_id, e.version, e.type, e.timestamp, e.data, e.correlation_id, e.causation_id, e.user_name, e.headers)
            FROM {schema}.mt_events e WHERE e.seq_id = h.seq_id AND e.stream_id = 'acc-r' AND e.version = 2;
            """);
        var result = await store.VerifyStream("acc-r");
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.BrokenAtVersion);
    }

    [Fact]
    public async Task Reordered_events_fail_verification_where_the_order_changed()
    {
        await using var store = await TestEnvironment.NewStore("reorder");
        await AppendDeposits(store, "acc-o", 4);
        // Swap the contents of versions 2 and 3, as if the history had been rewritten in another order.
        await Execute(store, """
            UPDATE {schema}.mt_events e SET data = o.data
            FROM {schema}.mt_events o
            WHERE e.stream_id = 'acc-o' AND o.stream_id = 'acc-o' AND ((e.version = 2 AND o.version = 3) OR (e.version = 3 AND o.version = 2))
            """);
        Assert.Equal(2, (await store.VerifyStream("acc-o")).BrokenAtVersion);
    }

    [Fact]
    public async Task Deleted_events_and_links_are_reported()
    {
        await using var store = await TestEnvironment.NewStore("delete");
        await AppendDeposits(store, "acc-d", 4);
        await Execute(store, "DELETE FROM {schema}.mt_events WHERE stream_id = 'acc-d' AND version = 4");
        var tail = await store.VerifyStream("acc-d");
        Assert.False(tail.IsIntact);
        Assert.Equal(4, tail.BrokenAtVersion);

        await Execute(store, "DELETE FROM {schema}.mt_events WHERE stream_id = 'acc-d' AND version = 2");
        var middle = await store.VerifyStream("acc-d");
        Assert.False(middle.IsIntact);
        Assert.Equal(2, middle.BrokenAtVersion);

        await AppendDeposits(store, "acc-l", 3);
        await Execute(store, "DELETE FROM {schema}.event_hashes WHERE stream_id = 'acc-l' AND version = 1");
        Assert.Equal(1, (await store.VerifyStream("acc-l")).BrokenAtVersion);
    }

    [Fact]
    public async Task Inline_projections_commit_with_the_append_and_roll_back_with_it()
    {
        var projection = new BalanceProjection();
        await using var store = await TestEnvironment.NewStore("proj", b => b.Marten(o => o.Projections.Add(projection, ProjectionLifecycle.Inline)));
        await AppendDeposits(store, "acc-p", 3);
        Assert.Equal(3m, await Balance(store, "acc-p"));

        projection.FailOn = 4;
        await using (var s = await store.OpenSession(Alice))
        {
            s.Append("acc-p", 3, new AmountDeposited(1m, "fails in projection"));
            var error = await Assert.ThrowsAsync<JasperFx.Events.Daemon.ApplyEventException>(() => s.SaveChanges());
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }

        Assert.Equal(3, (await store.Load<Account>("acc-p")).Version);
        Assert.Equal(3m, await Balance(store, "acc-p"));
    }

    [Fact]
    public async Task Migrating_twice_and_concurrently_is_harmless()
    {
        var table = new Migration("0100_balances", "CREATE TABLE {schema}.balances (id text PRIMARY KEY, balance numeric(18,2) NOT NULL)");
        await using var store = await TestEnvironment.NewStore("migrate", b => b.Tables([table]));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.Migrate()));
        await store.Migrate();
        Assert.Equal(1L, await Scalar<long>(store, "SELECT count(*) FROM {schema}.schema_migrations"));
        Assert.Equal(1L, await Scalar<long>(store, "SELECT count(*) FROM pg_trigger WHERE tgname = 'chain_event' AND tgrelid = '{schema}.mt_events'::regclass"));
        await AppendDeposits(store, "acc-after", 2);
        Assert.True((await store.VerifyStream("acc-after")).IsIntact);
    }

    [Fact]
    public async Task A_schema_of_the_earlier_hand_written_store_is_refused_with_the_way_out()
    {
        var schema = TestEnvironment.NewSchema("previous");
        await using (var connection = new Npgsql.NpgsqlConnection(TestEnvironment.PostgresConnection))
        {
            await connection.ExecuteAsync($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".events (seq bigint)");
        }

        var error = await Assert.ThrowsAsync<PreviousStoreException>(() => TestEnvironment.NewStore("previous", schema: schema));
        Assert.Contains("deploy/run.sh reset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inbox_admits_a_message_id_once_per_consumer()
    {
        await using var store = await TestEnvironment.NewStore("inbox");
        var id = Guid.NewGuid();
        await using (var s = await store.OpenSession(Alice))
        {
            Assert.True(await s.TryMarkHandled("listing", id));
            await s.SaveChanges();
        }

        await using (var s = await store.OpenSession(Alice))
        {
            Assert.False(await s.TryMarkHandled("listing", id));
            Assert.True(await s.TryMarkHandled("contract", id));
        }

        // The second session was not saved, so "contract" may still handle it.
        await using (var s = await store.OpenSession(Alice))
        {
            Assert.True(await s.TryMarkHandled("contract", id));
        }
    }

    [Fact]
    public async Task Two_deliveries_handled_at_once_commit_one_effect()
    {
        await using var store = await TestEnvironment.NewStore("inbox_race");
        var id = Guid.NewGuid();
        await using var first = await store.OpenSession(Alice);
        await using var second = await store.OpenSession(Alice);
        Assert.True(await first.TryMarkHandled("widgets", id));
        Assert.True(await second.TryMarkHandled("widgets", id)); // neither has committed yet
        first.Append("acc-once", ExpectedVersion.Any, new AmountDeposited(1m, "first delivery"));
        second.Append("acc-other", ExpectedVersion.Any, new AmountDeposited(1m, "second delivery"));
        await first.SaveChanges();
        await Assert.ThrowsAsync<DuplicateDeliveryException>(() => second.SaveChanges());
        Assert.True((await store.Load<Account>("acc-once")).Exists);
        Assert.False((await store.Load<Account>("acc-other")).Exists);
    }

    [Fact]
    public async Task The_integration_map_sees_each_event_with_the_state_after_it_and_its_messages_commit_with_it()
    {
        await using var store = await TestEnvironment.NewStore("map", b => b.IntegrationEvents<DepositAnnouncements>());
        await AppendDeposits(store, "acc-i", 1);
        await using (var s = await store.OpenSession(Alice))
        {
            var account = await s.Load<Account>("acc-i");
            s.Append(account, new AmountDeposited(2m, "b"), new AmountDeposited(3m, "c"));
            await s.SaveChanges();
        }

        await using (var s = await store.OpenSession(Alice))
        {
            s.Append("acc-i", 0, new AmountDeposited(100m, "stale: rolled back"));
            await Assert.ThrowsAsync<ConcurrencyException>(() => s.SaveChanges());
        }

        // The raw append of AppendDeposits has no state; the loaded aggregate's appends carry the balance after each.
        Assert.Equal(["acc-i:1:", "acc-i:2:3.00", "acc-i:3:6.00"],
            await Query<string>(store, "SELECT body->>'streamId' || ':' || (body->>'number') || ':' || coalesce(body->>'scope', '') FROM {schema}.outbox ORDER BY id"));
    }

    internal static async Task AppendDeposits(EventStore.EventStore store, string stream, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var s = await store.OpenSession(Alice);
            s.Append(stream, i, new AmountDeposited(1m, $"deposit {i + 1} 存入"));
            await s.SaveChanges();
        }
    }

    internal static async Task Execute(EventStore.EventStore store, string sql)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(store.Sql(sql));
    }

    internal static async Task<T> Scalar<T>(EventStore.EventStore store, string sql)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(store.Sql(sql)))!;
    }

    private static async Task<List<T>> Query<T>(EventStore.EventStore store, string sql)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(store.Sql(sql))).ToList();
    }

    private static async Task<decimal?> Balance(EventStore.EventStore store, string id)
    {
        await using var session = store.Marten.QuerySession();
        return (await session.LoadAsync<BalanceView>(id))?.Balance;
    }

    public sealed class BalanceView
    {
        public string Id { get; set; } = "";
        public decimal Balance { get; set; }
    }

    /// <summary>A Marten inline projection that can be told to fail, to show it shares the append's fate.</summary>
    private sealed class BalanceProjection : SingleStreamProjection<BalanceView, string>
    {
        public long FailOn { get; set; } = long.MaxValue;

        public override BalanceView? Evolve(BalanceView? snapshot, string id, IEvent e)
        {
            if (e.Data is not AmountDeposited deposit)
            {
                return snapshot;
            }

            if (e.Version == FailOn)
            {
                throw new InvalidOperationException("projection failed");
            }

            snapshot ??= new BalanceView { Id = id };
            snapshot.Balance += deposit.Amount;
            return snapshot;
        }
    }

    /// <summary>Announces each deposit; the scope field carries the balance after it, to show which state the map saw.</summary>
    private sealed class DepositAnnouncements : IIntegrationEvents
    {
        public IEnumerable<object> For(AppendedEvent appended) => appended.Data switch
        {
            AmountDeposited => [new Messages.WidgetShipped(
                appended.State is Account account ? account.Balance.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "",
                appended.StreamId,
                (int)appended.Version)],
            _ => [],
        };
    }
}
