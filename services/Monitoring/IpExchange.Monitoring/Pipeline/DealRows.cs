using Npgsql;

namespace IpExchange.Monitoring.Pipeline;

public sealed record StageSpan(string Stage, DateTimeOffset EnteredAt, DateTimeOffset? LeftAt);

/// <summary>A deal as the cockpit shows it, with its listing's region, IPC and institution.</summary>
public sealed record DealRow(
    string DealId,
    string ListingId,
    string? ListingTitle,
    string? AgreementId,
    string SellerOrganisationId,
    string? SellerName,
    string BuyerOrganisationId,
    decimal Price,
    string DealKind,
    string? TradingMode,
    string? Region,
    string? IpcSection,
    string Stage,
    DateTimeOffset StageSince,
    DateTimeOffset? StruckAt,
    DateTimeOffset? SigningDeadline,
    decimal PaidAmount,
    decimal? Outstanding,
    DateTimeOffset? RegisteredAt,
    DateTimeOffset? CompletedAt,
    string? EndedReason,
    bool Stuck,
    string? StuckReason,
    DateTimeOffset? StuckSince,
    IReadOnlyList<StageSpan> Stages);

public sealed record DealFilter(string? Stage = null, bool? Stuck = null, string? Organisation = null, string? DealId = null, int Limit = 200);

public static class DealRows
{
    public static async Task<IReadOnlyList<DealRow>> Find(EventStore.EventStore store, DealFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(store.Sql("""
            SELECT d.*, l.title, l.owner_name, l.region, l.ipc_section,
                   coalesce((SELECT json_agg(json_build_object('stage', t.stage, 'enteredAt', t.entered_at, 'leftAt', t.left_at) ORDER BY t.entered_at, t.stage)
                             FROM {schema}.deal_stage_times t WHERE t.deal_id = d.deal_id), '[]')::text AS stages
            FROM {schema}.deals d LEFT JOIN {schema}.listings l ON l.listing_id = d.listing_id
            WHERE (@stage::text IS NULL OR d.stage = @stage) AND (@stuck::boolean IS NULL OR d.stuck = @stuck)
              AND (@org::text IS NULL OR d.seller_org = @org OR d.buyer_org = @org) AND (@deal::text IS NULL OR d.deal_id = @deal)
            ORDER BY coalesce(d.struck_at, d.stage_since) DESC, d.deal_id LIMIT @limit
            """), connection);
        cmd.With("stage", filter.Stage).With("stuck", filter.Stuck).With("org", filter.Organisation).With("deal", filter.DealId).With("limit", filter.Limit);
        var rows = new List<DealRow>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stages = System.Text.Json.JsonSerializer.Deserialize<List<StageSpan>>(reader.GetString(reader.GetOrdinal("stages")), store.Json) ?? [];
            rows.Add(new DealRow(
                reader.GetString(reader.GetOrdinal("deal_id")), reader.GetString(reader.GetOrdinal("listing_id")), reader.Get<string>("title"),
                reader.Get<string>("agreement_id"), reader.GetString(reader.GetOrdinal("seller_org")), reader.Get<string>("owner_name"),
                reader.GetString(reader.GetOrdinal("buyer_org")), reader.GetDecimal(reader.GetOrdinal("price")), reader.GetString(reader.GetOrdinal("deal_kind")),
                reader.Get<string>("trading_mode"), reader.Get<string>("region"), reader.Get<string>("ipc_section"),
                reader.GetString(reader.GetOrdinal("stage")), reader.GetFieldValue<DateTimeOffset>(reader.GetOrdinal("stage_since")),
                reader.Get<DateTimeOffset?>("struck_at"), reader.Get<DateTimeOffset?>("signing_deadline"), reader.GetDecimal(reader.GetOrdinal("paid_amount")),
                reader.Get<decimal?>("outstanding"), reader.Get<DateTimeOffset?>("registered_at"), reader.Get<DateTimeOffset?>("completed_at"),
                reader.Get<string>("ended_reason"), reader.GetBoolean(reader.GetOrdinal("stuck")), reader.Get<string>("stuck_reason"),
                reader.Get<DateTimeOffset?>("stuck_since"), stages));
        }

        return rows;
    }
}
