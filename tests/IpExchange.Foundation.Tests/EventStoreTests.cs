using IpExchange.EventStore;
using Npgsql;

namespace IpExchange.Foundation.Tests;

public sealed class EventStoreTests
{
    private static readonly EventMetadata Alice = new(Guid.NewGuid(), null, "alice", "org-tsinghua");

    [Fact]
    public async Task Appended_events_fold_back_into_the_state_with_their_metadata()
    {
        await using var store = await TestEnvironment.NewStore("fold");
        await using (var session = await store.OpenSession(Alice))
        {
            session.Append("acc-1", "Account", ExpectedVersion.NoStream, new AccountOpened("清华大学 Tsinghua"), new AmountDeposited(100.50m, "首付 first"));
            var stored = await session.SaveChanges();
            Assert.Equal([1L, 2L], stored.Select(e => e.Version));
            Assert.True(stored[1].Sequence > stored[0].Sequence);
        }

        var account = await store.Load<Account>("acc-1");
        Assert.Equal(2, account.Version);
        Assert.Equal("清华大学 Tsinghua", account.State.Owner);
        Assert.Equal(100.50m, account.State.Balance);

        var events = await store.ReadStream("acc-1");
        Assert.Equal(["AccountOpened", "AmountDeposited"], events.Select(e => e.EventType));
        Assert.Equal(new AmountDeposited(100.50m, "首付 first"), events[1].Data);
        Assert.Equal(Alice, events[0].Metadata);
        Assert.Equal(TimeSpan.Zero, events[0].Timestamp.Offset);
    }

    [Fact]
    public async Task Appending_with_a_stale_version_raises_the_concurrency_error_and_commits_nothing()
    {
        await using var store = await TestEnvironment.NewStore("stale");
        await using (var s = await store.OpenSession(Alice))
        {
            s.Append("acc-2", "Account", 0, new AccountOpened("A"));
            await s.SaveChanges();
        }

        await using (var s = await store.OpenSession(Alice))
        {
            s.Append("acc-2", "Account", 0, new AmountDeposited(1m, "late"));
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
    public async Task A_lost_race_on_one_stream_rolls_back_the_whole_session_in_the_single_batch_path_and_in_a_transaction()
    {
        await using var store = await TestEnvironment.NewStore("atomic");
        await AppendDeposits(store, "acc-b", 1);
        foreach (var inTransaction in new[] { false, true })
        {
            await using var s = await store.OpenSession(Alice);
            if (inTransaction)
            {
                Assert.True(await s.TryMarkHandled("atomic", Guid.NewGuid())); // begins the transaction
            }

            s.Append($"acc-a-{inTransaction}", "Account", ExpectedVersion.NoStream, new AccountOpened("first stream, fine"));
            s.Append("acc-b", "Account", 0, new AmountDeposited(5m, "stale: acc-b is at 1"));
            s.Publish(new Messages.WidgetShipped("atomic", "acc-b", 1), "acc-b");
            var error = await Assert.ThrowsAsync<ConcurrencyException>(() => s.SaveChanges());
            Assert.Equal("acc-b", error.StreamId);
            Assert.False((await store.Load<Account>($"acc-a-{inTransaction}")).Exists);
        }

        Assert.Equal(1, (await store.Load<Account>("acc-b")).Version);
        Assert.Equal(0L, await Scalar<long>(store, "SELECT count(*) FROM {schema}.outbox"));
        Assert.Equal(0L, await Scalar<long>(store, "SELECT count(*) FROM {schema}.inbox"));
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
            var ready = 0;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                await using var s = await store.OpenSession(Alice);
                s.Append("acc-race", "Account", expected, new AmountDeposited(1m, $"round {expected} writer {w}"));
                if (Interlocked.Increment(ref ready) == writers)
                {
                    start.SetResult(); // every writer has its transaction open: now they race
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

        var account = await store.Load<Account>("acc-race");
        Assert.Equal(rounds, account.Version);
        Assert.Equal(rounds, account.State.Deposits);
        Assert.True((await store.VerifyStream("acc-race")).IsIntact);
    }

    [Fact]
    public async Task Concurrent_creators_of_a_new_stream_get_one_winner()
    {
        await using var store = await TestEnvironment.NewStore("create");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await using var s = await store.OpenSession(Alice);
            s.Append("acc-new", "Account", ExpectedVersion.NoStream, new AccountOpened($"owner {i}"));
            try
            {
                await s.SaveChanges();
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        })));
        Assert.Single(outcomes, won => won);
        Assert.Single(await store.ReadStream("acc-new"));
    }

    [Fact]
    public async Task An_edited_event_row_fails_verification_at_that_event()
    {
        await using var store = await TestEnvironment.NewStore("tamper");
        await AppendDeposits(store, "acc-t", 5);
        var intact = await store.VerifyStream("acc-t");
        Assert.True(intact.IsIntact);
        Assert.Equal(5, intact.EventsChecked);

        await Execute(store, "UPDATE {schema}.events SET data = jsonb_set(data, '{amount}', '999') WHERE stream_id = 'acc-t' AND version = 3");

        var broken = await store.VerifyStream("acc-t");
        Assert.False(broken.IsIntact);
        Assert.Equal(3, broken.BrokenAtVersion);
        Assert.Equal(2, broken.EventsChecked);
        Assert.Contains("hash", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recomputed_hash_on_an_edited_row_breaks_the_next_link()
    {
        await using var store = await TestEnvironment.NewStore("rehash");
        await AppendDeposits(store, "acc-r", 4);
        // A forger who edits version 2 and recomputes its own hash still breaks version 3's link.
        await Execute(store, """
            UPDATE {schema}.events e SET data = jsonb_set(e.data, '{note}', '"forged"'),
                hash = {schema}.event_hash((SELECT p.hash FROM {schema}.events p WHERE p.stream_id = e.stream_id AND p.version = 1),
                                           e.stream_id, e.version, e.type, jsonb_set(e.data, '{note}', '"forged"'), e.metadata, e.created_at)
            WHERE stream_id = 'acc-r' AND version = 2
            """);
        var result = await store.VerifyStream("acc-r");
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.BrokenAtVersion);
    }

    [Fact]
    public async Task Deleted_events_are_reported_as_missing_links()
    {
        await using var store = await TestEnvironment.NewStore("delete");
        await AppendDeposits(store, "acc-d", 4);
        await Execute(store, "DELETE FROM {schema}.events WHERE stream_id = 'acc-d' AND version = 4");
        var tail = await store.VerifyStream("acc-d");
        Assert.False(tail.IsIntact);
        Assert.Equal(4, tail.BrokenAtVersion);

        await Execute(store, "DELETE FROM {schema}.events WHERE stream_id = 'acc-d' AND version = 2");
        var middle = await store.VerifyStream("acc-d");
        Assert.False(middle.IsIntact);
        Assert.Equal(2, middle.BrokenAtVersion);
    }

    [Fact]
    public async Task Inline_projections_commit_with_the_append_and_roll_back_with_it()
    {
        var projection = new BalanceProjection();
        await using var store = await TestEnvironment.NewStore("proj", projections: [projection], migrations: [BalanceProjection.Table]);
        await AppendDeposits(store, "acc-p", 3);
        Assert.Equal(3m, await Scalar<decimal>(store, "SELECT balance FROM {schema}.balances WHERE id = 'acc-p'"));

        projection.FailOn = 4;
        await using (var s = await store.OpenSession(Alice))
        {
            s.Append("acc-p", "Account", 3, new AmountDeposited(1m, "fails in projection"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => s.SaveChanges());
        }

        Assert.Equal(3, (await store.Load<Account>("acc-p")).Version);
        Assert.Equal(3m, await Scalar<decimal>(store, "SELECT balance FROM {schema}.balances WHERE id = 'acc-p'"));
    }

    [Fact]
    public async Task Migrating_twice_and_concurrently_is_harmless()
    {
        await using var store = await TestEnvironment.NewStore("migrate");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.Migrate([BalanceProjection.Table])));
        await store.Migrate([BalanceProjection.Table]);
        Assert.Equal(4L, await Scalar<long>(store, "SELECT count(*) FROM {schema}.schema_migrations"));
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

        // The second session was rolled back, so "contract" may still handle it.
        await using (var s = await store.OpenSession(Alice))
        {
            Assert.True(await s.TryMarkHandled("contract", id));
        }
    }

    internal static async Task AppendDeposits(EventStore.EventStore store, string stream, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var s = await store.OpenSession(Alice);
            s.Append(stream, "Account", i, new AmountDeposited(1m, $"deposit {i + 1} 存入"));
            await s.SaveChanges();
        }
    }

    internal static async Task Execute(EventStore.EventStore store, string sql)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(store.Sql(sql), connection);
        await cmd.ExecuteNonQueryAsync();
    }

    internal static async Task<T> Scalar<T>(EventStore.EventStore store, string sql)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(store.Sql(sql), connection);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private sealed class BalanceProjection : IInlineProjection
    {
        public static readonly Migration Table = new("0100_balances", "CREATE TABLE {schema}.balances (id text PRIMARY KEY, balance numeric(18,2) NOT NULL)");

        public long FailOn { get; set; } = long.MaxValue;

        public async Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken)
        {
            if (@event.Data is not AmountDeposited deposit)
            {
                return;
            }

            if (@event.Version == FailOn)
            {
                throw new InvalidOperationException("projection failed");
            }

            await using var cmd = context.Command("""
                INSERT INTO {schema}.balances (id, balance) VALUES (@id, @amount)
                ON CONFLICT (id) DO UPDATE SET balance = balances.balance + excluded.balance
                """);
            cmd.Parameters.AddWithValue("id", @event.StreamId);
            cmd.Parameters.AddWithValue("amount", deposit.Amount);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
