using IpExchange.Monitoring.Pipeline;
using Npgsql;

namespace IpExchange.Monitoring.Valuation;

/// <summary>Completed deals joined with their listing's facts, read from the cockpit's own tables.</summary>
public static class Comparables
{
    /// <summary>The completed deals in the features' IPC class of the same kind and type (the estimate narrows further).</summary>
    public static async Task<IReadOnlyList<Comparable>> InClass(NpgsqlConnection connection, NpgsqlTransaction? transaction, EventStore.EventStore store,
        ValuationFeatures features, CancellationToken cancellationToken)
    {
        var ipc = IpcCode.Parse(features.IpcCode);
        if (ipc is null)
        {
            return [];
        }

        await using var cmd = new NpgsqlCommand(store.Sql("""
            SELECT d.deal_id, l.ipc_subclass, l.ipc_class, d.deal_kind, l.patent_type, l.expires_on, d.completed_at, l.claims_count, d.price
            FROM {schema}.deals d JOIN {schema}.listings l ON l.listing_id = d.listing_id
            WHERE d.stage = 'Completed' AND d.deal_kind = @kind AND l.patent_type = @type AND l.ipc_class = @class
            """), connection, transaction);
        cmd.With("kind", features.DealKind.ToString()).With("type", features.PatentType.ToString()).With("class", ipc.Class);
        var result = new List<Comparable>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var completedAt = reader.GetFieldValue<DateTimeOffset>(6);
            result.Add(new Comparable(reader.GetString(0), reader.Get<string>("ipc_subclass"), reader.Get<string>("ipc_class"), reader.GetString(3),
                reader.GetString(4), Valuation.RemainingYears(reader.GetFieldValue<DateOnly>(5), completedAt), reader.GetInt32(7), reader.GetDecimal(8)));
        }

        return result;
    }
}
