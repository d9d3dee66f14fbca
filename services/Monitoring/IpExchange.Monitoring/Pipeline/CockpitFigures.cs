using Dapper;
using Npgsql;

namespace IpExchange.Monitoring.Pipeline;

public sealed record StageFigure(string Stage, long Count, decimal Amount);

public sealed record StageTime(string Stage, long Deals, decimal AverageHours, decimal MaxHours);

public sealed record Conversion(long Listed, long WithDeal, long Completed, decimal ListingToDeal, decimal DealToCompleted, decimal ListingToCompleted);

public sealed record ListingFigures(long Total, decimal AskingAmount, IReadOnlyList<StageFigure> ByStage);

public sealed record DealFigures(long Total, decimal Amount, long Completed, decimal CompletedAmount, long Stuck, IReadOnlyList<StageFigure> ByStage);

public sealed record AlertFigures(long Raised, long Acknowledged, long Resolved);

/// <summary>
/// Royalties (提成): <see cref="Income"/> is the sum of the royalty payments made in the period (by
/// when they were paid); outstanding and overdue licence years are those of the deals counted in the period.
/// </summary>
public sealed record RoyaltyFigures(decimal Income, long Payments, decimal Outstanding, long OverduePeriods);

/// <summary>The cockpit's headline figures (驾驶舱): what is where in the pipeline, how it converts, how long each stage takes.</summary>
public sealed record Summary(ListingFigures Listings, DealFigures Deals, Conversion Conversion, IReadOnlyList<StageTime> StageTimes, AlertFigures Alerts, RoyaltyFigures Royalties);

public sealed record BreakdownRow(string Key, string? Name, long Listings, decimal AskingAmount, long Deals, decimal DealAmount, long Completed, decimal CompletedAmount,
    decimal RoyaltyIncome = 0);

/// <summary>A period of the figures; either end open. Listings count by publication, deals by the time they were struck.</summary>
public sealed record Period(DateTimeOffset? From, DateTimeOffset? To)
{
    public DateTimeOffset Start => (From ?? new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToUniversalTime();

    public DateTimeOffset End => (To ?? new DateTimeOffset(3000, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToUniversalTime();
}

/// <summary>
/// Reads the figures from the deal, listing and alert documents. These are aggregations over every
/// document of a period (counts and sums by stage, a join of deals to their listings, averages of
/// time spent in a stage), which Marten's LINQ does not express: they are SQL over the documents'
/// tables, on the columns Marten keeps beside the JSON (<see cref="MonitoringStore"/>), and on the
/// JSON itself for the stages a deal went through. Deals refused or cancelled count in their stage,
/// not in the amounts.
/// </summary>
public static class CockpitFigures
{
    public static readonly IReadOnlyList<string> Dimensions = ["region", "ipc-section", "institution", "enterprise", "month"];

    private const string DealsInPeriod = "d.counted_at >= @from AND d.counted_at < @to";

    // Each deal's royalty payments are a JSON array in its document: one row per payment, counted by when it was paid.
    private const string RoyaltyPayments = "CROSS JOIN LATERAL jsonb_array_elements(coalesce(d.data -> 'royaltyPayments', '[]'::jsonb)) p";

    private const string PaidInPeriod = "d.listing_id IS NOT NULL AND (p ->> 'paidAt')::timestamptz >= @from AND (p ->> 'paidAt')::timestamptz < @to";

    internal sealed record RoyaltyTotals(decimal Income, long Payments);

    internal sealed record RoyaltyOwed(decimal Outstanding, long OverduePeriods);

    internal sealed record KeyedIncome(string Key, decimal Income);

    internal sealed record StageHours(string Stage, long Deals, decimal AverageHours, decimal MaxHours);

    internal sealed record Converted(long Listed, long WithDeal, long Completed);

    internal sealed record KeyedRow(string Key, string? Name, long Listings, decimal AskingAmount, long Deals, decimal DealAmount, long Completed, decimal CompletedAmount);

    public static async Task<Summary> Summary(EventStore.EventStore store, Period period, CancellationToken cancellationToken)
    {
        var window = new { from = period.Start, to = period.End };
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        // Every listing the exchange heard of counts once, in the status the Listing service gives it, so the
        // statuses add up to the total; it counts in a period by its publication, or its submission if never public.
        var listingStages = (await Query<StageFigure>(connection, store, """
                SELECT status AS Stage, count(*) AS Count, coalesce(sum(status_amount), 0) AS Amount FROM {schema}.mt_doc_listing
                WHERE status IS NOT NULL AND counted_at >= @from AND counted_at < @to GROUP BY status
                """, window, cancellationToken))
            .ToDictionary(f => f.Stage, StringComparer.Ordinal);
        var dealStages = (await Query<StageFigure>(connection, store, $$"""
                SELECT stage AS Stage, count(*) AS Count, coalesce(sum(price), 0) AS Amount FROM {schema}.mt_doc_deal d WHERE {{DealsInPeriod}} GROUP BY stage
                """, window, cancellationToken))
            .ToDictionary(f => f.Stage, StringComparer.Ordinal);
        var stuck = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            store.Sql($"SELECT count(*) FROM {{schema}}.mt_doc_deal d WHERE d.stuck AND {DealsInPeriod}"), window, cancellationToken: cancellationToken));

        var converted = (await Query<Converted>(connection, store, """
            SELECT count(*) AS Listed,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {schema}.mt_doc_deal d WHERE d.listing_id = l.listing_id AND d.stage <> 'Refused')) AS WithDeal,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM {schema}.mt_doc_deal d WHERE d.listing_id = l.listing_id AND d.stage = 'Completed')) AS Completed
            FROM {schema}.mt_doc_listing l WHERE l.published_at >= @from AND l.published_at < @to
            """, window, cancellationToken)).Single();
        var conversion = new Conversion(converted.Listed, converted.WithDeal, converted.Completed,
            Ratio(converted.WithDeal, converted.Listed), Ratio(converted.Completed, converted.WithDeal), Ratio(converted.Completed, converted.Listed));

        // Each deal's stages are a JSON array in its document: one row per stage it has left.
        var times = (await Query<StageHours>(connection, store, $$"""
                SELECT s ->> 'stage' AS Stage, count(*) AS Deals,
                       avg(extract(epoch FROM (s ->> 'leftAt')::timestamptz - (s ->> 'enteredAt')::timestamptz)) / 3600 AS AverageHours,
                       max(extract(epoch FROM (s ->> 'leftAt')::timestamptz - (s ->> 'enteredAt')::timestamptz)) / 3600 AS MaxHours
                FROM {schema}.mt_doc_deal d CROSS JOIN LATERAL jsonb_array_elements(d.data -> 'stages') s
                WHERE s ->> 'leftAt' IS NOT NULL AND {{DealsInPeriod}} GROUP BY 1
                """, window, cancellationToken))
            .Select(t => new StageTime(t.Stage, t.Deals, decimal.Round(t.AverageHours, 2), decimal.Round(t.MaxHours, 2)))
            .ToList();

        var alerts = (await Query<AlertFigures>(connection, store, """
            SELECT count(*) FILTER (WHERE status = 'Raised') AS Raised, count(*) FILTER (WHERE status = 'Acknowledged') AS Acknowledged,
                   count(*) FILTER (WHERE status = 'Resolved') AS Resolved
            FROM {schema}.mt_doc_alert WHERE raised_at >= @from AND raised_at < @to
            """, window, cancellationToken)).Single();

        var paid = (await Query<RoyaltyTotals>(connection, store, $$"""
            SELECT coalesce(sum((p ->> 'amount')::numeric), 0) AS Income, count(*) AS Payments
            FROM {schema}.mt_doc_deal d {{RoyaltyPayments}} WHERE {{PaidInPeriod}}
            """, window, cancellationToken)).Single();
        var owed = (await Query<RoyaltyOwed>(connection, store, $$"""
            SELECT coalesce(sum((d.data ->> 'royaltyOutstanding')::numeric), 0) AS Outstanding,
                   coalesce(sum(jsonb_array_length(coalesce(d.data -> 'overdueRoyaltyPeriods', '[]'::jsonb))), 0)::bigint AS OverduePeriods
            FROM {schema}.mt_doc_deal d WHERE {{DealsInPeriod}}
            """, window, cancellationToken)).Single();

        var listingFigures = ListingStage.All.Select(s => listingStages.GetValueOrDefault(s) ?? new StageFigure(s, 0, 0)).ToList();
        var dealFigures = DealStage.All.Select(s => dealStages.GetValueOrDefault(s) ?? new StageFigure(s, 0, 0)).ToList();
        var live = dealFigures.Where(s => s.Stage is not (DealStage.Refused or DealStage.Cancelled)).ToList();
        var completedDeals = dealStages.GetValueOrDefault(DealStage.Completed) ?? new StageFigure(DealStage.Completed, 0, 0);
        return new Summary(
            new ListingFigures(listingFigures.Sum(s => s.Count), listingFigures.Sum(s => s.Amount), listingFigures),
            new DealFigures(dealFigures.Sum(s => s.Count), live.Sum(s => s.Amount), completedDeals.Count, completedDeals.Amount, stuck, dealFigures),
            conversion,
            DealStage.All.Select(s => times.FirstOrDefault(t => t.Stage == s)).OfType<StageTime>().ToList(),
            alerts,
            new RoyaltyFigures(decimal.Round(paid.Income, 2), paid.Payments, decimal.Round(owed.Outstanding, 2), owed.OverduePeriods));
    }

    /// <summary>Listings and deals grouped by region, IPC section, institution (the seller), enterprise (the buyer) or month.</summary>
    public static async Task<IReadOnlyList<BreakdownRow>> Breakdown(EventStore.EventStore store, string by, Period period, CancellationToken cancellationToken)
    {
        var (listingKey, listingName, dealKey, dealName) = by switch
        {
            "region" => ("coalesce(l.region, '')", "NULL", "coalesce(l.region, '')", "NULL"),
            "ipc-section" => ("coalesce(l.ipc_section, '')", "NULL", "coalesce(l.ipc_section, '')", "NULL"),
            "institution" => ("l.owner_organisation_id", "max(l.owner_name)", "d.seller_organisation_id", "max(l.owner_name)"),
            "enterprise" => ("NULL", "NULL", "d.buyer_organisation_id", "NULL"),
            "month" => ("to_char(l.published_at AT TIME ZONE 'UTC', 'YYYY-MM')", "NULL", "to_char(d.counted_at AT TIME ZONE 'UTC', 'YYYY-MM')", "NULL"),
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown dimension."),
        };
        var window = new { from = period.Start, to = period.End };
        var rows = new Dictionary<string, BreakdownRow>(StringComparer.Ordinal);
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        if (by != "enterprise")
        {
            foreach (var r in await Query<KeyedRow>(connection, store, $$"""
                SELECT {{listingKey}} AS Key, {{listingName}}::text AS Name, count(*) AS Listings, coalesce(sum(l.asking_price), 0) AS AskingAmount,
                       0::bigint AS Deals, 0::numeric AS DealAmount, 0::bigint AS Completed, 0::numeric AS CompletedAmount
                FROM {schema}.mt_doc_listing l WHERE l.published_at >= @from AND l.published_at < @to GROUP BY 1
                """, window, cancellationToken))
            {
                rows[r.Key] = new BreakdownRow(r.Key, r.Name, r.Listings, r.AskingAmount, 0, 0, 0, 0);
            }
        }

        foreach (var r in await Query<KeyedRow>(connection, store, $$"""
            SELECT {{dealKey}} AS Key, {{dealName}}::text AS Name, 0::bigint AS Listings, 0::numeric AS AskingAmount,
                   count(*) FILTER (WHERE d.stage NOT IN ('Refused', 'Cancelled')) AS Deals,
                   coalesce(sum(d.price) FILTER (WHERE d.stage NOT IN ('Refused', 'Cancelled')), 0) AS DealAmount,
                   count(*) FILTER (WHERE d.stage = 'Completed') AS Completed,
                   coalesce(sum(d.price) FILTER (WHERE d.stage = 'Completed'), 0) AS CompletedAmount
            FROM {schema}.mt_doc_deal d LEFT JOIN {schema}.mt_doc_listing l ON l.listing_id = d.listing_id
            WHERE {{DealsInPeriod}} GROUP BY 1
            """, window, cancellationToken))
        {
            var row = rows.GetValueOrDefault(r.Key) ?? new BreakdownRow(r.Key, null, 0, 0, 0, 0, 0, 0);
            rows[r.Key] = row with { Name = row.Name ?? r.Name, Deals = r.Deals, DealAmount = r.DealAmount, Completed = r.Completed, CompletedAmount = r.CompletedAmount };
        }

        // Royalty income by the deal's region, section, seller or buyer; by month, the month it was paid.
        var incomeKey = by == "month" ? "to_char((p ->> 'paidAt')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM')" : dealKey;
        foreach (var r in await Query<KeyedIncome>(connection, store, $$"""
            SELECT {{incomeKey}} AS Key, coalesce(sum((p ->> 'amount')::numeric), 0) AS Income
            FROM {schema}.mt_doc_deal d LEFT JOIN {schema}.mt_doc_listing l ON l.listing_id = d.listing_id {{RoyaltyPayments}}
            WHERE {{PaidInPeriod}} GROUP BY 1
            """, window, cancellationToken))
        {
            var row = rows.GetValueOrDefault(r.Key) ?? new BreakdownRow(r.Key, null, 0, 0, 0, 0, 0, 0);
            rows[r.Key] = row with { RoyaltyIncome = decimal.Round(r.Income, 2) };
        }

        return rows.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static decimal Ratio(long part, long whole) => whole == 0 ? 0 : decimal.Round((decimal)part / whole, 4);

    private static async Task<IEnumerable<T>> Query<T>(NpgsqlConnection connection, EventStore.EventStore store, string sql, object parameters, CancellationToken cancellationToken) =>
        await connection.QueryAsync<T>(new CommandDefinition(store.Sql(sql), parameters, cancellationToken: cancellationToken));
}
