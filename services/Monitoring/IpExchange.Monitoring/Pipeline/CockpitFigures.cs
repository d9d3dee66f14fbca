using Npgsql;

namespace IpExchange.Monitoring.Pipeline;

public sealed record StageFigure(string Stage, long Count, decimal Amount);

public sealed record StageTime(string Stage, long Deals, decimal AverageHours, decimal MaxHours);

public sealed record Conversion(long Listed, long WithDeal, long Completed, decimal ListingToDeal, decimal DealToCompleted, decimal ListingToCompleted);

public sealed record ListingFigures(long Total, decimal AskingAmount, IReadOnlyList<StageFigure> ByStage);

public sealed record DealFigures(long Total, decimal Amount, long Completed, decimal CompletedAmount, long Stuck, IReadOnlyList<StageFigure> ByStage);

public sealed record AlertFigures(long Raised, long Acknowledged, long Resolved);

/// <summary>The cockpit's headline figures (驾驶舱): what is where in the pipeline, how it converts, how long each stage takes.</summary>
public sealed record Summary(ListingFigures Listings, DealFigures Deals, Conversion Conversion, IReadOnlyList<StageTime> StageTimes, AlertFigures Alerts);

public sealed record BreakdownRow(string Key, string? Name, long Listings, decimal AskingAmount, long Deals, decimal DealAmount, long Completed, decimal CompletedAmount);

/// <summary>A period of the figures; either end open. Listings count by publication, deals by the time they were struck.</summary>
public sealed record Period(DateTimeOffset? From, DateTimeOffset? To)
{
    public DateTimeOffset Start => From ?? new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset End => To ?? new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>Reads the figures from the pipeline tables. Deals refused or cancelled count in their stage, not in the amounts.</summary>
public static class CockpitFigures
{
    public static readonly IReadOnlyList<string> Dimensions = ["region", "ipc-section", "institution", "enterprise", "month"];

    private const string DealsInPeriod = "coalesce(d.struck_at, d.stage_since) >= @from AND coalesce(d.struck_at, d.stage_since) < @to";

    public static async Task<Summary> Summary(EventStore.EventStore store, Period period, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        var listingStages = new Dictionary<string, StageFigure>(StringComparer.Ordinal);
        await Read(connection, store, "SELECT stage, count(*), coalesce(sum(asking_price), 0) FROM {schema}.listings WHERE published_at >= @from AND published_at < @to GROUP BY stage",
            period, r => listingStages[r.GetString(0)] = new StageFigure(r.GetString(0), r.GetInt64(1), r.GetDecimal(2)), cancellationToken);
        // Before publication a listing is only in review: awaiting a decision, or rejected.
        await Read(connection, store, """
            SELECT stage, count(*), coalesce(sum(asking_price), 0) FROM {schema}.listing_reviews
            WHERE stage IN ('Submitted', 'Rejected') AND submitted_at >= @from AND submitted_at < @to GROUP BY stage
            """, period, r => listingStages[r.GetString(0)] = new StageFigure(r.GetString(0), r.GetInt64(1), r.GetDecimal(2)), cancellationToken);
        var dealStages = new Dictionary<string, StageFigure>(StringComparer.Ordinal);
        await Read(connection, store, $"SELECT stage, count(*), coalesce(sum(price), 0) FROM {{schema}}.deals d WHERE {DealsInPeriod} GROUP BY stage",
            period, r => dealStages[r.GetString(0)] = new StageFigure(r.GetString(0), r.GetInt64(1), r.GetDecimal(2)), cancellationToken);
        long stuck = 0;
        await Read(connection, store, $"SELECT count(*) FROM {{schema}}.deals d WHERE stuck AND {DealsInPeriod}", period, r => stuck = r.GetInt64(0), cancellationToken);

        Conversion conversion = new(0, 0, 0, 0, 0, 0);
        await Read(connection, store, """
            SELECT count(*),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {schema}.deals d WHERE d.listing_id = l.listing_id AND d.stage NOT IN ('Refused'))),
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {schema}.deals d WHERE d.listing_id = l.listing_id AND d.stage = 'Completed'))
            FROM {schema}.listings l WHERE l.published_at >= @from AND l.published_at < @to
            """, period, r =>
        {
            var (listed, withDeal, completed) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            conversion = new Conversion(listed, withDeal, completed, Ratio(withDeal, listed), Ratio(completed, withDeal), Ratio(completed, listed));
        }, cancellationToken);

        var times = new List<StageTime>();
        await Read(connection, store, $$"""
            SELECT t.stage, count(*), avg(extract(epoch FROM t.left_at - t.entered_at)) / 3600, max(extract(epoch FROM t.left_at - t.entered_at)) / 3600
            FROM {schema}.deal_stage_times t JOIN {schema}.deals d ON d.deal_id = t.deal_id
            WHERE t.left_at IS NOT NULL AND {{DealsInPeriod}} GROUP BY t.stage
            """, period, r => times.Add(new StageTime(r.GetString(0), r.GetInt64(1), decimal.Round(r.GetDecimal(2), 2), decimal.Round(r.GetDecimal(3), 2))), cancellationToken);

        var alerts = new AlertFigures(0, 0, 0);
        await Read(connection, store, """
            SELECT count(*) FILTER (WHERE status = 'Raised'), count(*) FILTER (WHERE status = 'Acknowledged'), count(*) FILTER (WHERE status = 'Resolved')
            FROM {schema}.alerts WHERE raised_at >= @from AND raised_at < @to
            """, period, r => alerts = new AlertFigures(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), cancellationToken);

        var listingFigures = ListingStage.All.Select(s => listingStages.GetValueOrDefault(s) ?? new StageFigure(s, 0, 0)).ToList();
        var dealFigures = DealStage.All.Select(s => dealStages.GetValueOrDefault(s) ?? new StageFigure(s, 0, 0)).ToList();
        var live = dealFigures.Where(s => s.Stage is not (DealStage.Refused or DealStage.Cancelled)).ToList();
        var completedDeals = dealStages.GetValueOrDefault(DealStage.Completed) ?? new StageFigure(DealStage.Completed, 0, 0);
        return new Summary(
            new ListingFigures(listingFigures.Sum(s => s.Count), listingFigures.Sum(s => s.Amount), listingFigures),
            new DealFigures(dealFigures.Sum(s => s.Count), live.Sum(s => s.Amount), completedDeals.Count, completedDeals.Amount, stuck, dealFigures),
            conversion,
            DealStage.All.Select(s => times.FirstOrDefault(t => t.Stage == s)).OfType<StageTime>().ToList(),
            alerts);
    }

    /// <summary>Listings and deals grouped by region, IPC section, institution (the seller), enterprise (the buyer) or month.</summary>
    public static async Task<IReadOnlyList<BreakdownRow>> Breakdown(EventStore.EventStore store, string by, Period period, CancellationToken cancellationToken)
    {
        var (listingKey, listingName, dealKey, dealName) = by switch
        {
            "region" => ("coalesce(l.region, '')", "NULL", "coalesce(l.region, '')", "NULL"),
            "ipc-section" => ("coalesce(l.ipc_section, '')", "NULL", "coalesce(l.ipc_section, '')", "NULL"),
            "institution" => ("l.owner_org", "max(l.owner_name)", "d.seller_org", "max(l.owner_name)"),
            "enterprise" => ("NULL", "NULL", "d.buyer_org", "NULL"),
            "month" => ("to_char(l.published_at AT TIME ZONE 'UTC', 'YYYY-MM')", "NULL", "to_char(coalesce(d.struck_at, d.stage_since) AT TIME ZONE 'UTC', 'YYYY-MM')", "NULL"),
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown dimension."),
        };
        var rows = new Dictionary<string, BreakdownRow>(StringComparer.Ordinal);
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        if (by != "enterprise")
        {
            await Read(connection, store, $$"""
                SELECT {{listingKey}}, {{listingName}} AS name, count(*), coalesce(sum(l.asking_price), 0) FROM {schema}.listings l
                WHERE l.published_at >= @from AND l.published_at < @to GROUP BY 1
                """, period, r => rows[r.GetString(0)] = new BreakdownRow(r.GetString(0), r.Get<string>("name"), r.GetInt64(2), r.GetDecimal(3), 0, 0, 0, 0), cancellationToken);
        }

        await Read(connection, store, $$"""
            SELECT {{dealKey}} AS key, {{dealName}} AS name,
                   count(*) FILTER (WHERE d.stage NOT IN ('Refused', 'Cancelled')),
                   coalesce(sum(d.price) FILTER (WHERE d.stage NOT IN ('Refused', 'Cancelled')), 0),
                   count(*) FILTER (WHERE d.stage = 'Completed'),
                   coalesce(sum(d.price) FILTER (WHERE d.stage = 'Completed'), 0)
            FROM {schema}.deals d LEFT JOIN {schema}.listings l ON l.listing_id = d.listing_id
            WHERE {{DealsInPeriod}} GROUP BY 1
            """, period, r =>
        {
            var key = r.GetString(0);
            var row = rows.GetValueOrDefault(key) ?? new BreakdownRow(key, null, 0, 0, 0, 0, 0, 0);
            rows[key] = row with { Name = row.Name ?? r.Get<string>("name"), Deals = r.GetInt64(2), DealAmount = r.GetDecimal(3), Completed = r.GetInt64(4), CompletedAmount = r.GetDecimal(5) };
        }, cancellationToken);
        return rows.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static decimal Ratio(long part, long whole) => whole == 0 ? 0 : decimal.Round((decimal)part / whole, 4);

    private static async Task Read(NpgsqlConnection connection, EventStore.EventStore store, string sql, Period period, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql(sql), connection);
        cmd.With("from", period.Start).With("to", period.End);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }
}
