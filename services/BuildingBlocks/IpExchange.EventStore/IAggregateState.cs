namespace IpExchange.EventStore;

/// <summary>
/// The state a decider folds from a stream: <c>Initial</c> before any event, <c>Evolve</c> for each.
/// Both are pure, so the domain logic is tested without I/O.
/// </summary>
public interface IAggregateState<TSelf> where TSelf : IAggregateState<TSelf>
{
    static abstract TSelf Initial { get; }

    static abstract TSelf Evolve(TSelf state, object @event);
}

/// <summary>A folded stream: its state and the version the next append must expect.</summary>
public sealed record Aggregate<TState>(string StreamId, TState State, long Version)
{
    public bool Exists => Version > 0;
}
