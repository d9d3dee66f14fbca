using IpExchange.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IpExchange.Foundation.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task A_due_timer_fires_once_even_with_two_workers_racing_and_its_effect_commits_with_it()
    {
        await using var store = await TestEnvironment.NewStore("timers");
        await using (var s = await store.OpenSession(EventMetadata.System()))
        {
            for (var i = 0; i < 20; i++)
            {
                await s.ScheduleTimer("deposit", $"acc-{i}", store.Now().AddSeconds(-1), new { amount = 5.25m });
            }

            await s.ScheduleTimer("deposit", "acc-later", store.Now().AddHours(1));
            await s.SaveChanges();
        }

        // Two workers, as two replicas of a service would run them.
        var (first, second) = (Worker(store), Worker(store));
        var fired = await Task.WhenAll(first.FireDue(CancellationToken.None), second.FireDue(CancellationToken.None));

        Assert.Equal(20, fired.Sum());
        for (var i = 0; i < 20; i++)
        {
            var account = await store.Load<Account>($"acc-{i}");
            Assert.Equal(1, account.Version);
            Assert.Equal(5.25m, account.State.Balance);
        }

        Assert.Equal(1L, await EventStoreTests.Scalar<long>(store, "SELECT count(*) FROM {schema}.timers"));
        Assert.Equal(0, await Worker(store).FireDue(CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_timer_stays_and_is_tried_again_later()
    {
        await using var store = await TestEnvironment.NewStore("timerfail");
        await using (var s = await store.OpenSession(EventMetadata.System()))
        {
            await s.ScheduleTimer("deposit", "acc-fail", store.Now().AddSeconds(-1), new { amount = -1m });
            await s.SaveChanges();
        }

        Assert.Equal(1, await Worker(store).FireDue(CancellationToken.None));
        Assert.Equal(1, await EventStoreTests.Scalar<int>(store, "SELECT attempts FROM {schema}.timers WHERE key = 'acc-fail'"));
        Assert.True(await EventStoreTests.Scalar<DateTime>(store, "SELECT due_at FROM {schema}.timers WHERE key = 'acc-fail'") > DateTime.UtcNow);
        Assert.False((await store.Load<Account>("acc-fail")).Exists);
    }

    private static TimerWorker Worker(EventStore.EventStore store)
    {
        var services = new ServiceCollection().AddScoped<ITimerHandler, DepositOnTimer>().BuildServiceProvider();
        return new TimerWorker(store, services.GetRequiredService<IServiceScopeFactory>(), NullLogger<TimerWorker>.Instance);
    }

    private sealed class DepositOnTimer : ITimerHandler
    {
        public string Kind => "deposit";

        public Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
        {
            var amount = timer.Payload.GetProperty("amount").GetDecimal();
            if (amount < 0)
            {
                throw new InvalidOperationException("a negative deposit cannot fire");
            }

            session.Append(timer.Key, ExpectedVersion.NoStream, new AmountDeposited(amount, "timer"));
            return Task.CompletedTask;
        }
    }
}
