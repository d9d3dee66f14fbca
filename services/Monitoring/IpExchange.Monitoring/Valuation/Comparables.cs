using Dapper;
using IpExchange.Monitoring.Pipeline;

namespace IpExchange.Monitoring.Valuation;

/// <summary>
/// Completed deals joined with their listing's facts. A join of every completed deal of a kind to
/// its listing, filtered on the listing's IPC class and patent type: SQL over the documents'
/// tables (Marten's LINQ joins only by loading one side whole).
/// </summary>
public static class Comparables
{
    /// <summary>As Npgsql reads the columns (date as DateOnly, timestamptz as a UTC DateTime): Dapper binds a record's constructor by exact types.</summary>
    internal sealed record Row(string DealId, string? IpcSubclass, string? IpcClass, string DealKind, string PatentType, DateOnly ExpiresOn, DateTime CompletedAt, int ClaimsCount, decimal Price);

    /// <summary>The completed deals in the features' IPC class of the same kind and type (the estimate narrows further).</summary>
    public static async Task<IReadOnlyList<Comparable>> InClass(EventStore.EventStore store, ValuationFeatures features, CancellationToken cancellationToken)
    {
        var ipc = IpcCode.Parse(features.IpcCode);
        if (ipc is null)
        {
            return [];
        }

        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(store.Sql("""
            SELECT d.data ->> 'dealId' AS DealId, l.ipc_subclass AS IpcSubclass, l.ipc_class AS IpcClass, d.deal_kind AS DealKind, l.patent_type AS PatentType,
                   (l.data ->> 'expiresOn')::date AS ExpiresOn, d.completed_at AS CompletedAt, (l.data ->> 'claimsCount')::int AS ClaimsCount, d.price AS Price
            FROM {schema}.mt_doc_deal d JOIN {schema}.mt_doc_listing l ON l.listing_id = d.listing_id
            WHERE d.stage = 'Completed' AND d.deal_kind = @kind AND l.patent_type = @type AND l.ipc_class = @class AND l.published_at IS NOT NULL
            """), new { kind = features.DealKind.ToString(), type = features.PatentType.ToString(), @class = ipc.Class }, cancellationToken: cancellationToken));
        return rows.Select(r => new Comparable(r.DealId, r.IpcSubclass, r.IpcClass, r.DealKind, r.PatentType,
            Valuation.RemainingYears(r.ExpiresOn, new DateTimeOffset(r.CompletedAt, TimeSpan.Zero)), r.ClaimsCount, r.Price)).ToList();
    }
}
