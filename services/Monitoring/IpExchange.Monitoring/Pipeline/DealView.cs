using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Monitoring.Pipeline;

/// <summary>A stage the deal reached, at its source's time (a cancellation or refusal says why).</summary>
public sealed record StageReached(string Stage, DateTimeOffset At, string? Reason = null);

/// <summary>A value with the time its fact happened, and a rank that settles facts of one instant (a later step of the deal wins).</summary>
public sealed record Dated<T>(T Value, DateTimeOffset At, int Rank = 0);

public static class Dated
{
    /// <summary>The later of the two facts; of one instant, the higher rank.</summary>
    public static Dated<T> Later<T>(Dated<T>? current, Dated<T> candidate) =>
        current is null || (candidate.At, candidate.Rank).CompareTo((current.At, current.Rank)) >= 0 ? candidate : current;
}

/// <summary>The cockpit's own finding that the deal stayed in <see cref="Stage"/> past a deadline.</summary>
public sealed record StuckFinding(string Stage, string Reason, DateTimeOffset Deadline, DateTimeOffset DetectedAt);

public sealed record StageSpan(string Stage, DateTimeOffset EnteredAt, DateTimeOffset? LeftAt);

/// <summary>A royalty payment (提成) the licensor received, at the source's time: the figures sum them by the time they were paid.</summary>
public sealed record RoyaltyPayment(int Period, decimal Amount, DateTimeOffset PaidAt);

/// <summary>
/// A licence year's royalty as the cockpit heard of it: the royalty reported, what was paid, the least
/// outstanding a payment left (payments only lower it, so the least is the latest whatever order they
/// are heard in), and when the Contract service found it overdue.
/// </summary>
public sealed record RoyaltyPeriod(int Period, decimal? Royalty = null, DateOnly? DueOn = null, decimal Paid = 0, decimal? OutstandingAfterPayment = null,
    DateTimeOffset? OverdueAt = null, decimal? AmountDueWhenOverdue = null, decimal? Sales = null)
{
    /// <summary>What is still owed: after the payments, else the royalty reported, else what the overdue notice said; null while nothing says.</summary>
    public decimal? Outstanding => OutstandingAfterPayment ?? Royalty ?? AmountDueWhenOverdue;

    /// <summary>Found overdue and not paid in full since (an unreported year stays overdue until it is reported and paid).</summary>
    public bool Overdue => OverdueAt is not null && Outstanding is not 0m;
}

/// <summary>
/// A deal as the cockpit knows it: a Marten document folded from the deal's stream of facts
/// (<c>deal-{DealId}</c>). The facts arrive in any order, so the fold keeps what each one says with
/// its source's time and derives the rest: the stage is the furthest one reached (the first ending,
/// by time, if it ended), a price or deadline is the latest one set, a payment adds up. Folding the
/// same facts in another order gives the same document. A deal counts once it is known who trades
/// what (DealStruck, or the AgreementDrafted that carries the same); facts heard before that wait
/// in the document and count with it.
/// </summary>
public sealed record DealView
{
    /// <summary>The stream's key, <c>deal-{DealId}</c>.</summary>
    public string Id { get; init; } = "";

    public string DealId { get; init; } = "";

    /// <summary>Which fact said who trades what: DealStruck, else the agreement.</summary>
    public string? IdentifiedBy { get; init; }

    public string? ListingId { get; init; }

    public string? SellerOrganisationId { get; init; }

    public string? BuyerOrganisationId { get; init; }

    public string? DealKind { get; init; }

    public string? TradingMode { get; init; }

    public string? PricingMethod { get; init; }

    public string? AgreementId { get; init; }

    public Dated<decimal>? PriceSet { get; init; }

    public Dated<DateTimeOffset>? SigningDeadlineSet { get; init; }

    public DateTimeOffset? StruckAt { get; init; }

    public DateTimeOffset? RecordedAt { get; init; }

    public DateTimeOffset? RegisteredAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public decimal PaidAmount { get; init; }

    public Dated<decimal>? OutstandingSet { get; init; }

    public IReadOnlyList<StageReached> Reached { get; init; } = [];

    public IReadOnlyList<StuckFinding> Findings { get; init; } = [];

    /// <summary>Royalty payments, in the order of their source's time (then period and amount), so any order of hearing makes the same list.</summary>
    public IReadOnlyList<RoyaltyPayment> RoyaltyPayments { get; init; } = [];

    /// <summary>The licence years heard of, by number.</summary>
    public IReadOnlyList<RoyaltyPeriod> RoyaltyPeriods { get; init; } = [];

    /// <summary>Royalty income of the licensor: every royalty payment of the deal, yuan.</summary>
    public decimal RoyaltyPaid => RoyaltyPayments.Sum(p => p.Amount);

    /// <summary>The licence's running royalty (提成比例) on the licensee's sales, as the deal was struck; null without one.</summary>
    public decimal? RoyaltyRate { get; init; }

    /// <summary>The royalty base (提成基数): the licensee's sales reported over the licence years so far, yuan.</summary>
    public decimal RoyaltyBase => RoyaltyPeriods.Sum(p => p.Sales ?? 0m);

    /// <summary>The royalties reported over the licence years so far (what the reports say is due), yuan.</summary>
    public decimal RoyaltyReported => RoyaltyPeriods.Sum(p => p.Royalty ?? 0m);

    /// <summary>Royalty still owed over the licence years whose amount is known.</summary>
    public decimal RoyaltyOutstanding => RoyaltyPeriods.Sum(p => p.Outstanding ?? 0m);

    /// <summary>The licence years overdue now.</summary>
    public IReadOnlyList<int> OverdueRoyaltyPeriods => RoyaltyPeriods.Where(p => p.Overdue).Select(p => p.Period).ToList();

    public bool Identified => ListingId is not null;

    public decimal Price => PriceSet?.Value ?? 0m;

    public DateTimeOffset? SigningDeadline => SigningDeadlineSet?.Value;

    public decimal? Outstanding => OutstandingSet?.Value;

    /// <summary>The deal's ending: the first of completed, cancelled or refused, by the time it happened.</summary>
    public StageReached? Ending => Reached.Where(r => DealStage.IsEnded(r.Stage)).OrderBy(r => r.At).ThenBy(r => DealStage.Order(r.Stage)).FirstOrDefault();

    /// <summary>Where the deal is: its ending, else the furthest stage reached; null while the deal is not known.</summary>
    public string? Stage => !Identified ? null : (Ending ?? Reached.OrderByDescending(r => DealStage.Rank(r.Stage)).FirstOrDefault())?.Stage;

    public DateTimeOffset? StageSince => Stage is { } stage ? Reached.First(r => r.Stage == stage).At : null;

    public string? EndedReason => Ending?.Reason;

    /// <summary>When the deal counts in a period: when it was struck (when it was drafted if only the agreement is known).</summary>
    public DateTimeOffset? CountedAt => !Identified ? null : StruckAt ?? Reached.Where(r => r.Stage == DealStage.Drafted).Select(r => (DateTimeOffset?)r.At).FirstOrDefault();

    /// <summary>Stuck while still in the stage a finding was about; moving on clears it.</summary>
    public StuckFinding? StuckBy => Stage is { } stage ? Findings.FirstOrDefault(f => f.Stage == stage) : null;

    public bool Stuck => StuckBy is not null;

    /// <summary>
    /// Time in each stage: the stages reached before the ending (or all, if none), in order; each
    /// is left when the next is entered. A stage reached after the deal ended never counts.
    /// </summary>
    public IReadOnlyList<StageSpan> Stages
    {
        get
        {
            if (!Identified)
            {
                return [];
            }

            var ending = Ending;
            var path = Reached
                .Where(r => !DealStage.IsEnded(r.Stage) && (ending is null || r.At <= ending.At))
                .OrderBy(r => DealStage.Rank(r.Stage)).ThenBy(r => r.At)
                .Concat(ending is null ? [] : [ending])
                .ToList();
            return path.Select((r, i) => new StageSpan(r.Stage, r.At, i + 1 < path.Count ? Max(r.At, path[i + 1].At) : null)).ToList();
        }
    }

    /// <summary>The facts of a deal's stream that the view reads (a PaymentOverdue says nothing of its own: its finding does).</summary>
    public static readonly IReadOnlyList<Type> Facts =
    [
        typeof(DealStruck), typeof(DealRefused), typeof(AgreementDrafted), typeof(AgreementSigned), typeof(AgreementAmended), typeof(AgreementRecorded),
        typeof(PaymentReceived), typeof(TransferRegistered), typeof(ContractCompleted), typeof(ContractCancelled), typeof(DealStuck),
        typeof(RoyaltyReported), typeof(RoyaltyPaid), typeof(RoyaltyOverdue),
    ];

    public static DealView Start(string streamId) => new() { Id = streamId, DealId = streamId.StartsWith("deal-", StringComparison.Ordinal) ? streamId[5..] : streamId };

    /// <summary>Folds one fact in: pure, and the same result whatever order the facts come in.</summary>
    public static DealView Evolve(DealView view, object fact) => fact switch
    {
        DealStruck e => view with
        {
            // The deal's own fact says who trades what; it overrides what the agreement said.
            IdentifiedBy = nameof(DealStruck), ListingId = e.ListingId, SellerOrganisationId = e.SellerOrganisationId,
            BuyerOrganisationId = e.BuyerOrganisationId, DealKind = e.DealKind.ToString(), TradingMode = e.TradingMode.ToString(),
            PricingMethod = e.PricingMethod.ToString(), StruckAt = e.StruckAt, RoyaltyRate = e.RoyaltyRate,
            PriceSet = Dated.Later(view.PriceSet, new(e.Price, e.StruckAt, 0)),
            Reached = Reach(view.Reached, DealStage.Struck, e.StruckAt),
        },
        AgreementDrafted e => (view.IdentifiedBy is null
            ? view with
            {
                IdentifiedBy = nameof(AgreementDrafted), ListingId = e.ListingId, SellerOrganisationId = e.SellerOrganisationId,
                BuyerOrganisationId = e.BuyerOrganisationId, DealKind = e.DealKind.ToString(),
            }
            : view) with
        {
            AgreementId = e.AgreementId,
            PriceSet = Dated.Later(view.PriceSet, new(e.Price, e.DraftedAt, 1)),
            SigningDeadlineSet = Dated.Later(view.SigningDeadlineSet, new(e.SigningDeadline, e.DraftedAt, 0)),
            Reached = Reach(view.Reached, DealStage.Drafted, e.DraftedAt),
        },
        AgreementSigned { BothSigned: true } e => view with { Reached = Reach(view.Reached, DealStage.SignedByBoth, e.SignedAt) },
        AgreementAmended e => view with
        {
            PriceSet = Dated.Later(view.PriceSet, new(e.Price, e.AmendedAt, 2)),
            // An older publisher sends no deadline: the one drafted still holds.
            SigningDeadlineSet = e.SigningDeadline == default ? view.SigningDeadlineSet : Dated.Later(view.SigningDeadlineSet, new(e.SigningDeadline, e.AmendedAt, 1)),
        },
        AgreementRecorded e => view with { RecordedAt = Min(view.RecordedAt, e.RecordedAt), Reached = Reach(view.Reached, DealStage.Recorded, e.RecordedAt) },
        PaymentReceived e => view with
        {
            // Each payment is a distinct fact (the inbox keeps a redelivery out), so they add up in any order.
            PaidAmount = view.PaidAmount + e.Amount,
            OutstandingSet = Dated.Later(view.OutstandingSet, new(e.Outstanding, e.PaidAt, 0)),
            Reached = Reach(view.Reached, DealStage.Paying, e.PaidAt),
        },
        TransferRegistered e => view with { RegisteredAt = Min(view.RegisteredAt, e.RecordedAt) },
        ContractCompleted e => view with
        {
            PriceSet = Dated.Later(view.PriceSet, new(e.Price, e.CompletedAt, 3)),
            CompletedAt = Min(view.CompletedAt, e.CompletedAt),
            Reached = Reach(view.Reached, DealStage.Completed, e.CompletedAt),
        },
        ContractCancelled e => view with { Reached = Reach(view.Reached, DealStage.Cancelled, e.CancelledAt, e.Reason) },
        DealRefused e => view with { Reached = Reach(view.Reached, DealStage.Refused, e.RefusedAt, e.Reason) },
        DealStuck e => view with { Findings = Find(view.Findings, new StuckFinding(e.Stage, e.Reason, e.Deadline, e.DetectedAt)) },
        // Royalties never move the deal's stage (they run after a licence completed); a period's report is one fact, so a
        // repeated one (the same figures) changes nothing.
        RoyaltyReported e => view with
        {
            RoyaltyPeriods = Royalty(view.RoyaltyPeriods, e.Period, p => p with { Royalty = e.Royalty, DueOn = e.DueOn, Sales = e.Sales }),
        },
        RoyaltyPaid e => view with
        {
            // Each payment is a distinct fact (the inbox keeps a redelivery out), so they add up in any order.
            RoyaltyPayments = [.. view.RoyaltyPayments.Append(new RoyaltyPayment(e.Period, e.Amount, e.PaidAt)).OrderBy(p => p.PaidAt).ThenBy(p => p.Period).ThenBy(p => p.Amount)],
            RoyaltyPeriods = Royalty(view.RoyaltyPeriods, e.Period, p => p with
            {
                Paid = p.Paid + e.Amount,
                OutstandingAfterPayment = p.OutstandingAfterPayment is { } o && o <= e.Outstanding ? o : e.Outstanding,
            }),
        },
        RoyaltyOverdue e => view with
        {
            RoyaltyPeriods = Royalty(view.RoyaltyPeriods, e.Period, p => p with
            {
                DueOn = p.DueOn ?? e.DueOn,
                OverdueAt = p.OverdueAt is { } at && at <= e.DetectedAt ? at : e.DetectedAt,
                AmountDueWhenOverdue = p.AmountDueWhenOverdue ?? e.AmountDue,
            }),
        },
        _ => view,
    };

    public static DealView Of(string streamId, IEnumerable<IEvent> facts) => facts.Aggregate(Start(streamId), (view, e) => Evolve(view, e.Data));

    /// <summary>A stage is entered at the earliest fact that reached it; a repeated or later one changes nothing.</summary>
    private static IReadOnlyList<StageReached> Reach(IReadOnlyList<StageReached> reached, string stage, DateTimeOffset at, string? reason = null)
    {
        var existing = reached.FirstOrDefault(r => r.Stage == stage);
        if (existing is not null && (existing.At, existing.Reason ?? "").CompareTo((at, reason ?? "")) <= 0)
        {
            return reached;
        }

        // Kept in the stages' order, so that the same facts in any order make the same document.
        return [.. reached.Where(r => r.Stage != stage).Append(new StageReached(stage, at, reason)).OrderBy(r => DealStage.Order(r.Stage))];
    }

    /// <summary>The latest finding about a stage speaks for it.</summary>
    private static IReadOnlyList<StuckFinding> Find(IReadOnlyList<StuckFinding> findings, StuckFinding finding)
    {
        var existing = findings.FirstOrDefault(f => f.Stage == finding.Stage);
        if (existing is not null && (existing.DetectedAt, existing.Reason).CompareTo((finding.DetectedAt, finding.Reason)) >= 0)
        {
            return findings;
        }

        return [.. findings.Where(f => f.Stage != finding.Stage).Append(finding).OrderBy(f => DealStage.Order(f.Stage))];
    }

    /// <summary>Changes one licence year, kept in the years' order.</summary>
    private static IReadOnlyList<RoyaltyPeriod> Royalty(IReadOnlyList<RoyaltyPeriod> periods, int period, Func<RoyaltyPeriod, RoyaltyPeriod> change) =>
        [.. periods.Where(p => p.Period != period).Append(change(periods.FirstOrDefault(p => p.Period == period) ?? new RoyaltyPeriod(period))).OrderBy(p => p.Period)];

    private static DateTimeOffset? Min(DateTimeOffset? current, DateTimeOffset at) => current is { } c && c <= at ? c : at;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}

/// <summary>
/// Keeps <see cref="DealView"/> documents in Marten's async daemon: the cockpit's figures may lag
/// the facts by a moment, and the daemon rebuilds them from the facts alone.
/// </summary>
public sealed class DealViewProjection : SingleStreamProjection<DealView, string>
{
    public DealViewProjection()
    {
        foreach (var type in DealView.Facts)
        {
            IncludeType(type);
        }
    }

    public override DealView? Evolve(DealView? snapshot, string id, IEvent e) => DealView.Evolve(snapshot ?? DealView.Start(id), e.Data);
}
