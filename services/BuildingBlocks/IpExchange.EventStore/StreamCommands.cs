using IpExchange.ServiceDefaults;
using Microsoft.AspNetCore.Http;

namespace IpExchange.EventStore;

/// <summary>The one shape of a command over HTTP: load, check If-Match, decide, append, answer the new ETag.</summary>
public static class StreamCommands
{
    /// <summary>
    /// Loads <paramref name="streamId"/> for writing in a new session (at the request's If-Match
    /// version when it has one: 412 otherwise), lets <paramref name="decide"/> return the events (it
    /// may load and append to other streams on the session), appends, commits, and sets the ETag.
    /// Returns the stream as it is now: its state and version, folded once.
    /// </summary>
    public static async Task<Aggregate<TState>> Execute<TState>(
        this EventStore store,
        HttpContext http,
        string streamId,
        Func<Aggregate<TState>, EventSession, Task<IReadOnlyList<object>>> decide,
        bool exclusive = false)
        where TState : IAggregateState<TState>
    {
        var expected = http.Request.IfMatchVersion();
        await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
        var aggregate = exclusive
            ? await session.LoadExclusive<TState>(streamId, http.RequestAborted)
            : expected is { } version
                ? await session.Load<TState>(streamId, version, http.RequestAborted)
                : await session.Load<TState>(streamId, http.RequestAborted);
        if (exclusive && expected is { } wanted && wanted != aggregate.Version)
        {
            throw new ConcurrencyException(streamId, wanted, aggregate.Version);
        }

        var after = session.Append(aggregate, await decide(aggregate, session));
        await session.SaveChanges(http.RequestAborted);
        http.Response.SetVersionETag(after.Version);
        return after;
    }

    public static Task<Aggregate<TState>> Execute<TState>(
        this EventStore store,
        HttpContext http,
        string streamId,
        Func<Aggregate<TState>, IReadOnlyList<object>> decide)
        where TState : IAggregateState<TState> =>
        store.Execute<TState>(http, streamId, (aggregate, _) => Task.FromResult(decide(aggregate)));
}
