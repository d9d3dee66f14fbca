using Dapper;

namespace IpExchange.EventStore;

public sealed record ChainVerification(string StreamId, bool IsIntact, long EventsChecked, long? BrokenAtVersion, long? BrokenAtSequence, string? Reason, string? HeadHash)
{
    public static ChainVerification Intact(string streamId, long count, string? headHash) => new(streamId, true, count, null, null, null, headHash);

    public static ChainVerification Broken(string streamId, long count, long version, long? sequence, string reason) =>
        new(streamId, false, count, version, sequence, reason, null);
}

/// <summary>
/// 存证: checks a stream's links (written by the <c>chain_event</c> trigger on <c>mt_events</c>) against
/// the events as they are stored now. A changed event, a changed or missing link, a missing or
/// reordered version, or a stream row that does not end where the chain ends is reported with the
/// first version where it shows. A forger who recomputes one link breaks the next one; rewriting the
/// whole rest of a stream is caught only against a copy of the head kept elsewhere (the Monitoring
/// service keeps the links it receives).
/// </summary>
internal static class HashChain
{
    private sealed record Link(long Seq, long Version, byte[]? Stored, byte[] Expected);

    public static async Task<ChainVerification> Verify(EventStore store, string streamId, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        var links = (await connection.QueryAsync<Link>(new CommandDefinition(store.Sql("""
            SELECT e.seq_id AS Seq, e.version AS Version, h.hash AS Stored,
                   {schema}.event_hash(lag(h.hash) OVER (ORDER BY e.version), e.stream_id, e.version, e.type, e.timestamp,
                       e.data, e.correlation_id, e.causation_id, e.user_name, e.headers) AS Expected
            FROM {schema}.mt_events e LEFT JOIN {schema}.event_hashes h ON h.seq_id = e.seq_id
            WHERE e.stream_id = @streamId ORDER BY e.version
            """), new { streamId }, cancellationToken: cancellationToken))).ToList();
        var streamVersion = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            store.Sql("SELECT version FROM {schema}.mt_streams WHERE id = @streamId"), new { streamId }, cancellationToken: cancellationToken));

        long checkedCount = 0;
        byte[]? last = null;
        foreach (var link in links)
        {
            if (link.Version != checkedCount + 1)
            {
                return ChainVerification.Broken(streamId, checkedCount, checkedCount + 1, null, $"version {checkedCount + 1} is missing");
            }

            if (link.Stored is null || !link.Stored.AsSpan().SequenceEqual(link.Expected))
            {
                return ChainVerification.Broken(streamId, checkedCount, link.Version, link.Seq, "the event's hash does not match its content and its predecessor");
            }

            checkedCount++;
            last = link.Stored;
        }

        if ((streamVersion ?? 0) != checkedCount)
        {
            return ChainVerification.Broken(streamId, checkedCount, checkedCount + 1, null,
                streamVersion is null ? "the stream's row is missing" : $"the stream's row says version {streamVersion} but the chain ends at {checkedCount}");
        }

        return ChainVerification.Intact(streamId, checkedCount, last is null ? null : Convert.ToHexStringLower(last));
    }
}
