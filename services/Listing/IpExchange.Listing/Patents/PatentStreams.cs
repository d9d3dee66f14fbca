using IpExchange.EventStore;

namespace IpExchange.Listing.Patents;

public static class PatentStreams
{
    /// <summary>Folds the given patents inside the session, so that appends to them check their versions.</summary>
    public static async Task<IReadOnlyList<Aggregate<Patent>>> Load(EventSession session, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var patents = new List<Aggregate<Patent>>();
        foreach (var id in ids.Distinct())
        {
            patents.Add(await session.Load<Patent>(Patent.StreamId(id), cancellationToken));
        }

        return patents;
    }

    /// <summary>Appends one event to each of the listing's patents (released, assigned...).</summary>
    public static async Task AppendToEach(EventSession session, IEnumerable<string> ids, Func<Patent, object?> decide, CancellationToken cancellationToken)
    {
        foreach (var patent in await Load(session, ids, cancellationToken))
        {
            if (decide(patent.State) is { } @event)
            {
                session.Append(patent, @event);
            }
        }
    }
}
