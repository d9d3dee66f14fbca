using IpExchange.EventStore;
using Microsoft.AspNetCore.Http;

namespace IpExchange.ServiceDefaults;

/// <summary>The one shape of a command over HTTP: load, check If-Match, decide, append, answer the new ETag.</summary>
public static class StreamCommands
{
    /// <summary>
    /// Folds <paramref name="streamId"/> in a new session, compares its version with the request's
    /// If-Match (412 when they differ), lets <paramref name="decide"/> return the events (it may load
    /// and append to other streams and queue messages on the session), commits, and sets the ETag.
    /// Returns the stream's new version.
    /// </summary>
    public static async Task<long> Execute<TState>(
        this EventStore.EventStore store,
        HttpContext http,
        string streamId,
        Func<Aggregate<TState>, EventSession, Task<IReadOnlyList<object>>> decide)
        where TState : IAggregateState<TState>
    {
        var expected = http.Request.IfMatchVersion();
        await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
        var aggregate = await session.Load<TState>(streamId, http.RequestAborted);
        if (expected is not null && expected.Value != aggregate.Version)
        {
            throw new ConcurrencyException(streamId, expected.Value, aggregate.Version);
        }

        var events = await decide(aggregate, session);
        session.Append(aggregate, [.. events]);
        await session.SaveChanges(http.RequestAborted);
        var version = aggregate.Version + events.Count;
        http.Response.SetVersionETag(version);
        return version;
    }

    public static Task<long> Execute<TState>(
        this EventStore.EventStore store,
        HttpContext http,
        string streamId,
        Func<Aggregate<TState>, IReadOnlyList<object>> decide)
        where TState : IAggregateState<TState> =>
        store.Execute<TState>(http, streamId, (aggregate, _) => Task.FromResult(decide(aggregate)));
}
