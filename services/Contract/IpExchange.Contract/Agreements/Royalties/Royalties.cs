using System.ComponentModel.DataAnnotations;
using System.Globalization;
using IpExchange.Contract.Agreements.Drafting;
using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements.Royalties;

public sealed record RoyaltyReportRequest([Required] int? Period, [Required] decimal? Sales);

public sealed record RoyaltyPaymentRequest([Required] int? Period, [Required] decimal? Amount, string? Reference);

/// <summary>One licence year of the statement (提成费结算单).</summary>
public sealed record RoyaltyPeriodView(
    int Period, DateOnly Start, DateOnly End, DateOnly DueOn, string Status, decimal? Sales, decimal Minimum, decimal? Royalty, decimal Paid,
    decimal? Outstanding, bool Overdue, DateTimeOffset? ReportedAt);

/// <summary>The royalty statement of a licence: what the licensor sees of its royalty income, year by year.</summary>
public sealed record RoyaltyStatement(
    string AgreementId, Party Licensor, Party Licensee, decimal? RoyaltyRate, decimal? MinimumAnnualRoyalty, LicencePeriod? Licence,
    IReadOnlyList<RoyaltyPeriodView> Periods, decimal Reported, decimal Paid, decimal Outstanding);

/// <summary>
/// 提成: a licence's running royalty. Each licence year, once it has ended, the licensee reports its
/// net sales; the royalty is the rate of the sales, computed to the fen, but not below the year's
/// minimum (prorated for a short last year). It is paid within 30 days of the year's end; a year
/// not reported or not paid in full by then falls overdue from a durable timer. Both parties and the
/// exchange read the statement.
/// </summary>
public static class RoyaltyAccounts
{
    public static class Statuses
    {
        public const string Running = "Running";               // the licence year has not ended
        public const string AwaitingReport = "AwaitingReport"; // ended, sales not reported yet
        public const string Reported = "Reported";             // reported, not paid in full
        public const string Paid = "Paid";
        public const string Overdue = "Overdue";               // past its due date, not reported or not paid in full
    }

    public static RoyaltySalesReported Report(Agreement agreement, RoyaltyReportRequest request, Caller caller, DateTimeOffset now)
    {
        RequireLicensee(agreement, caller, "report the licensee's sales");
        var errors = new FieldErrors();
        if (request.Period is null)
        {
            errors.Add("period", FieldCodes.Required, "This field is required.");
        }

        if (request.Sales is not { } sales)
        {
            errors.Add("sales", FieldCodes.Required, "This field is required (net sales of the licence year, yuan).");
        }
        else if (Money.Problem(sales, allowZero: true) is { } problem)
        {
            errors.Add("sales", problem);
        }

        errors.ThrowIfAny();
        var period = RequirePeriod(agreement, request.Period!.Value);
        if (AgreementPlan.ChinaDay(now) <= period.End)
        {
            throw Rule.Broken("royalty.period-not-ended", "period",
                string.Create(CultureInfo.InvariantCulture, $"Licence year {period.Number} runs until {period.End:yyyy-MM-dd}; its sales are reported once it has ended."));
        }

        if (agreement.Royalties.TryGetValue(period.Number, out var account) && account.Report is { } done)
        {
            throw Rule.Broken("royalty.already-reported", "period",
                string.Create(CultureInfo.InvariantCulture, $"Licence year {period.Number} was reported at {done.ReportedAt:u}: sales {AgreementText.Yuan(done.Sales)} yuan."));
        }

        var terms = agreement.Terms!;
        var minimum = AgreementPlan.Minimum(period, terms.Licence!.MinimumAnnualRoyalty);
        var royalty = AgreementPlan.Royalty(request.Sales!.Value, terms.RoyaltyRate, minimum);
        return new RoyaltySalesReported(period.Number, period.Start, period.End, request.Sales.Value, terms.RoyaltyRate, minimum, royalty, period.DueOn, caller.UserId, now);
    }

    public static RoyaltyPaidForPeriod Pay(Agreement agreement, RoyaltyPaymentRequest request, Caller caller, DateTimeOffset now)
    {
        RequireLicensee(agreement, caller, "record royalty payments");
        var errors = new FieldErrors();
        if (request.Period is null)
        {
            errors.Add("period", FieldCodes.Required, "This field is required.");
        }

        if (request.Amount is not { } amount)
        {
            errors.Add("amount", FieldCodes.Required, "This field is required.");
        }
        else if (Money.Problem(amount) is { } problem)
        {
            errors.Add("amount", problem);
        }

        var reference = errors.Text("reference", request.Reference, 200, required: false, multiLine: false);
        errors.ThrowIfAny();
        var period = RequirePeriod(agreement, request.Period!.Value);
        if (!agreement.Royalties.TryGetValue(period.Number, out var account) || account.Report is null)
        {
            throw Rule.Broken("royalty.not-reported", "period", $"Licence year {period.Number}'s sales are reported first; the royalty due follows from them.");
        }

        if (request.Amount > account.Outstanding)
        {
            throw Rule.Broken("royalty.exceeds-due", "amount",
                $"Licence year {period.Number} has {AgreementText.Yuan(account.Outstanding!.Value)} yuan outstanding; {AgreementText.Yuan(request.Amount!.Value)} yuan is more than is due.");
        }

        return new RoyaltyPaidForPeriod(period.Number, request.Amount!.Value, reference, caller.UserId, now);
    }

    /// <summary>The statement as of <paramref name="now"/>: every licence year of the term, reported or not.</summary>
    public static RoyaltyStatement Statement(Agreement agreement, DateTimeOffset now)
    {
        var terms = agreement.Terms!;
        var today = AgreementPlan.ChinaDay(now);
        var periods = agreement.Licence is { } licence && terms.HasRoyalty
            ? AgreementPlan.RoyaltyPeriods(licence).Select(p =>
            {
                var account = agreement.Royalties.GetValueOrDefault(p.Number);
                var report = account?.Report;
                var paid = account?.Paid ?? 0;
                var status = account switch
                {
                    { Settled: true } => Statuses.Paid,
                    { Overdue: true } => Statuses.Overdue,
                    { Report: not null } => Statuses.Reported,
                    _ when today <= p.End => Statuses.Running,
                    _ => Statuses.AwaitingReport,
                };
                return new RoyaltyPeriodView(p.Number, p.Start, p.End, p.DueOn, status, report?.Sales, AgreementPlan.Minimum(p, terms.Licence!.MinimumAnnualRoyalty),
                    report?.Royalty, paid, account?.Outstanding, account?.Overdue ?? false, report?.ReportedAt);
            }).ToList()
            : [];
        var reported = periods.Sum(p => p.Royalty ?? 0);
        var paidTotal = periods.Sum(p => p.Paid);
        return new RoyaltyStatement(agreement.Id!, agreement.Seller, agreement.Buyer, terms.RoyaltyRate, terms.Licence?.MinimumAnnualRoyalty, agreement.Licence,
            periods, reported, paidTotal, reported - paidTotal);
    }

    private static void RequireLicensee(Agreement agreement, Caller caller, string what)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", what);
        if (caller.OrganisationId != agreement.Buyer.OrganisationId)
        {
            throw new ForbiddenException($"Only the licensee may {what}.");
        }

        if (!agreement.Terms!.HasRoyalty)
        {
            throw Rule.Broken("royalty.none", "period", "The agreement carries no running royalty.");
        }

        if (agreement.Status == AgreementStatus.Cancelled)
        {
            throw Rule.Broken("agreement.ended", "status", $"The agreement was cancelled: {agreement.CancellationReason}");
        }

        if (agreement.Licence is null)
        {
            throw Rule.Broken("agreement.not-effective", "status", "Royalties run once the exchange has recorded the signed agreement and the licence took effect.");
        }
    }

    private static RoyaltyPeriod RequirePeriod(Agreement agreement, int number)
    {
        var periods = AgreementPlan.RoyaltyPeriods(agreement.Licence!);
        return periods.FirstOrDefault(p => p.Number == number)
            ?? throw new ValidationFailedException("period", new FieldProblem(FieldCodes.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The licence has licence years 1 to {periods.Count}."),
                new Dictionary<string, object?> { ["min"] = 1, ["max"] = periods.Count }));
    }

    public static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapGet("/{id}/royalties", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var agreement = await store.Load<Agreement>(Agreement.StreamId(id), http.RequestAborted);
            AgreementAccess.RequireReadable(agreement.State, http.Caller(), id);
            http.Response.SetVersionETag(agreement.Version);
            return Results.Ok(Statement(agreement.State, store.Now()));
        }).WithSummary("The royalty statement (提成费结算单): each licence year's sales, royalty, payments and what is overdue (parties, exchange)");

        agreements.MapPost("/{id}/royalties/reports", (string id, RoyaltyReportRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            return store.Command(http, id, agreement => [Report(agreement, request ?? new RoyaltyReportRequest(null, null), caller, store.Now())]);
        }).WithSummary("Report a licence year's net sales (period, sales): the royalty is computed to the fen (the licensee)");

        agreements.MapPost("/{id}/royalties/payments", (string id, RoyaltyPaymentRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            return store.Command(http, id, agreement => [Pay(agreement, request ?? new RoyaltyPaymentRequest(null, null, null), caller, store.Now())]);
        }).WithSummary("Pay a licence year's royalty (period, amount, reference); never more than is outstanding (the licensee)");
    }
}

/// <summary>A licence year's due date passed with its royalty unreported or not paid in full: flagged once, RoyaltyOverdue published.</summary>
public sealed class RoyaltyDue(EventStore.EventStore store) : ITimerHandler
{
    public string Kind => AgreementProcess.RoyaltyDueTimer;

    public static RoyaltyFellOverdue? Decide(Agreement agreement, int number, DateTimeOffset now)
    {
        if (agreement.Status is not (AgreementStatus.Effective or AgreementStatus.Completed) || agreement.Licence is null || !agreement.Terms!.HasRoyalty)
        {
            return null;
        }

        var period = AgreementPlan.RoyaltyPeriods(agreement.Licence).FirstOrDefault(p => p.Number == number);
        var account = agreement.Royalties.GetValueOrDefault(number);
        return period is not null && now >= AgreementPlan.EndOfChinaDay(period.DueOn) && account is not ({ Settled: true } or { Overdue: true })
            ? new RoyaltyFellOverdue(number, account?.Outstanding, period.DueOn, now)
            : null;
    }

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var (id, part) = AgreementProcess.SplitKey(timer.Key);
        var agreement = await session.Load<Agreement>(Agreement.StreamId(id), cancellationToken);
        if (Decide(agreement.State, int.Parse(part, CultureInfo.InvariantCulture), store.Now()) is { } overdue)
        {
            await AgreementProcess.Append(session, agreement, [overdue], cancellationToken);
        }
    }
}
