using IpExchange.Monitoring.Pipeline;
using Marten;

namespace IpExchange.Monitoring.Financing;

public sealed record LoanPeriodRow(string Key, int Loans, decimal Amount);

public sealed record PartyCompensation(string Party, string PartyName, decimal Amount);

public sealed record DisposalRow(string Method, int Disposals, decimal Proceeds);

/// <summary>The cockpit's pledge-financing figures (the articles' kind: loans and amounts by period and region, defaults, who bore what, disposals).</summary>
public sealed record FinancingFigures(
    int Applications,
    int Refused,
    int LoansGranted,
    decimal AmountGranted,
    int PledgesRegistered,
    int Repaid,
    decimal RepaidAmount,
    decimal SubsidyPaid,
    int Defaults,
    decimal DefaultLoss,
    IReadOnlyList<LoanPeriodRow> ByMonth,
    IReadOnlyList<LoanPeriodRow> ByRegion,
    IReadOnlyList<PartyCompensation> CompensationByParty,
    IReadOnlyList<DisposalRow> Disposals,
    IReadOnlyList<LoanPeriodRow> ByIndustry,
    IReadOnlyList<LoanPeriodRow> ByIpcClass);

public static class FinancingFigureQueries
{
    /// <summary>
    /// Figures over the loans granted within the period (all loans when it is open); months are
    /// China's calendar months (UTC+8), as the exchange reports them.
    /// </summary>
    public static async Task<FinancingFigures> Compute(EventStore.EventStore store, Period period, CancellationToken cancellationToken)
    {
        await using var session = store.Marten.QuerySession();
        var all = await session.Query<LoanView>().ToListAsync(cancellationToken);
        bool In(DateTimeOffset? at) => at is { } t && (period.From is null || t >= period.From) && (period.To is null || t < period.To);
        var applied = all.Where(l => In(l.AppliedAt) || (l.AppliedAt is null && In(l.GrantedAt))).ToList();
        var granted = all.Where(l => In(l.GrantedAt)).ToList();
        var defaulted = granted.Where(l => l.DefaultedAt is not null).ToList();
        return new FinancingFigures(
            applied.Count,
            applied.Count(l => l.RefusedBy is not null),
            granted.Count,
            granted.Sum(l => l.AmountGranted ?? 0),
            granted.Count(l => l.PledgeRegisteredAt is not null),
            granted.Count(l => l.ReleasedAt is not null),
            granted.Sum(l => l.Repaid),
            granted.Sum(l => l.SubsidyPaid),
            defaulted.Count,
            defaulted.Sum(l => l.Loss ?? 0),
            granted.GroupBy(l => l.GrantedAt!.Value.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new LoanPeriodRow(g.Key, g.Count(), g.Sum(l => l.AmountGranted ?? 0))).ToList(),
            granted.GroupBy(l => l.Region ?? "")
                .OrderByDescending(g => g.Sum(l => l.AmountGranted ?? 0)).Select(g => new LoanPeriodRow(g.Key, g.Count(), g.Sum(l => l.AmountGranted ?? 0))).ToList(),
            granted.SelectMany(l => l.Compensation).GroupBy(s => s.Party)
                .Select(g => new PartyCompensation(g.Key, g.Select(s => s.PartyName).Distinct().Count() == 1 ? g.First().PartyName : "", g.Sum(s => s.Amount))).ToList(),
            granted.Where(l => l.DisposalMethod is not null).GroupBy(l => l.DisposalMethod!)
                .Select(g => new DisposalRow(g.Key, g.Count(), g.Sum(l => l.DisposalProceeds ?? 0))).ToList(),
            ByIndustryOf(granted, c => c.Section),
            ByIndustryOf(granted, c => c.Class));
    }

    /// <summary>Loans and amounts by the IPC section (A–H) or class (H02) of each loan's main pledged patent; "" for loans with none known.</summary>
    private static List<LoanPeriodRow> ByIndustryOf(IEnumerable<LoanView> loans, Func<IpcCode, string> level) =>
        loans.GroupBy(l => l.Industry is { } code ? level(code) : "", StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(l => l.AmountGranted ?? 0)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LoanPeriodRow(g.Key, g.Count(), g.Sum(l => l.AmountGranted ?? 0))).ToList();

    public static void Map(RouteGroupBuilder cockpit) =>
        cockpit.MapGet("/financing", async (DateTimeOffset? from, DateTimeOffset? to, EventStore.EventStore store, CancellationToken cancellationToken) =>
            Results.Ok(await Compute(store, CockpitEndpoints.PeriodOf(from, to), cancellationToken)))
            .Produces<FinancingFigures>().WithSummary("Pledge financing: loans and amounts by month and region, repayments, subsidies, defaults, compensation by party, disposals");
}
