using JasperFx.Events;
using Marten.Events;
using Marten.Events.Aggregation;

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

/// <summary>
/// A folded stream: its state and its version (the number of events in it). Loaded in a session,
/// it also holds Marten's stream handle, so that appending through it checks the version it was
/// read at.
/// </summary>
public sealed record Aggregate<TState>(string StreamId, TState State, long Version)
    where TState : IAggregateState<TState>
{
    public bool Exists => Version > 0;

    internal IEventStream<Folded<TState>>? Stream { get; init; }

    /// <summary>The state and version once <paramref name="events"/> are appended.</summary>
    public Aggregate<TState> Then(IEnumerable<object> events)
    {
        var state = State;
        var version = Version;
        foreach (var @event in events)
        {
            state = TState.Evolve(state, @event);
            version++;
        }

        return this with { State = state, Version = version };
    }
}

public static class ExpectedVersion
{
    /// <summary>The stream must not exist yet.</summary>
    public const long NoStream = 0;

    /// <summary>Append whatever the stream's version (no optimistic check).</summary>
    public const long Any = -1;
}

/// <summary>
/// Marten's document for a live aggregation: our immutable state under the stream's id, with the
/// version Marten sets. Domain states stay plain records that know nothing of Marten.
/// </summary>
public sealed class Folded<TState> where TState : IAggregateState<TState>
{
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public TState State { get; set; } = TState.Initial;
}

/// <summary>Folds a stream with the state's own <c>Evolve</c>; registered Live for every aggregate.</summary>
internal sealed class Fold<TState> : SingleStreamProjection<Folded<TState>, string>
    where TState : IAggregateState<TState>
{
    public override Folded<TState> Evolve(Folded<TState>? snapshot, string id, IEvent e)
    {
        snapshot ??= new Folded<TState> { Id = id };
        snapshot.State = TState.Evolve(snapshot.State, e.Data);
        return snapshot;
    }
}
