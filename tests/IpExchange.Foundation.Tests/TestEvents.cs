using IpExchange.EventStore;

namespace IpExchange.Foundation.Tests;

public sealed record AccountOpened(string Owner);
public sealed record AmountDeposited(decimal Amount, string Note);

/// <summary>A tiny decider state for the store's tests: a balance folded from its stream.</summary>
public sealed record Account(string? Owner, decimal Balance, int Deposits) : IAggregateState<Account>
{
    public static Account Initial => new(null, 0m, 0);

    public static Account Evolve(Account state, object @event) => @event switch
    {
        AccountOpened e => state with { Owner = e.Owner },
        AmountDeposited e => state with { Balance = state.Balance + e.Amount, Deposits = state.Deposits + 1 },
        _ => state,
    };
}

public static class TestEvents
{
    public static EventStoreBuilder Register(EventStoreBuilder store) =>
        store.Events(typeof(AccountOpened), typeof(AmountDeposited)).Aggregate<Account>();
}
