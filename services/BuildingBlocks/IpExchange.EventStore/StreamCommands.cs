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
    /// Returns the stream as it is now: its state and version, folded once. A PUT replaces what the
    /// caller read, so it must say which version that was: without If-Match it is refused (428)
    /// rather than risk a lost update.
    /// </summary>
    /// <param name="versionSeen">
    /// For a resource shown differently to different callers (sealed offers), the version of what
    /// this caller sees: the ETag and If-Match then speak of it, not of the stream, whose version
    /// would count events the caller may not know of. The stream is then loaded exclusively, so that
    /// the check and the append see the same state.
    /// </param>
    public static async Task<Aggregate<TState>> Execute<TState>(
        this EventStore store,
        HttpContext http,
        string streamId,
        Func<Aggregate<TState>, EventSession, Task<IReadOnlyList<object>>> decide,
        bool exclusive = false,
        Func<Aggregate<TState>, long>? versionSeen = null)
        where TState : IAggregateState<TState>
    {
        var expected = http.Request.IfMatchVersion();
        if (expected is null && (HttpMethods.IsPut(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method)))
        {
            throw new PreconditionRequiredException();
        }

        exclusive |= versionSeen is not null;
        await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
        var aggregate = exclusive
            ? await session.LoadExclusive<TState>(streamId, http.RequestAborted)
            : expected is { } version
                ? await session.Load<TState>(streamId, version, http.RequestAborted)
                : await session.Load<TState>(streamId, http.RequestAborted);
        var seen = versionSeen ?? (a => a.Version);
        if (exclusive && expected is { } wanted && wanted != seen(aggregate))
        {
            throw new ConcurrencyException(streamId, wanted, seen(aggregate));
        }

        var after = session.Append(aggregate, await decide(aggregate, session));
        await session.SaveChanges(http.RequestAborted);
        http.Response.SetVersionETag(seen(after));
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
