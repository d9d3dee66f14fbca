using System.ComponentModel.DataAnnotations;
using System.Globalization;
using IpExchange.EventStore;
using Microsoft.Extensions.Options;

namespace IpExchange.Finance.Loans.Repaying;

public sealed record Repayment([Required] decimal? Amount, string? Reference);

/// <summary>
/// 还款: the bank records what it received; a repayment pays the earliest instalments first (in
/// each, interest before principal) and never more than is outstanding. Each instalment it settles
/// of a loan eligible for risk sharing earns the interest subsidy (贴息): the configured annual rate
/// on the instalment's opening balance for one month, rounded toward zero to the fen, never more
/// than the instalment's interest. The last repayment settles the loan and releases the pledge.
/// </summary>
public static class Repay
{
    public static IReadOnlyList<object> Decide(Loan loan, Repayment request, Caller caller, FinanceOptions options, DateTimeOffset now)
    {
        LoanAccess.RequireBank(loan, caller, loan.Id ?? "", "records repayments");
        var errors = new FieldErrors();
        var amount = Money.Check(errors, "amount", request.Amount);
        var reference = errors.Text("reference", request.Reference, 200, required: false, multiLine: false);
        errors.ThrowIfAny();
        LoanAccess.RequireStatus(loan, LoanStatus.Active, "status", "Repayments are recorded on a disbursed loan that is not in default");
        if (RepaymentSchedule.Allocate(loan.Schedule, amount) is not { } allocations)
        {
            throw Rule.Broken("loan.repayment-exceeds-outstanding", "amount",
                string.Create(CultureInfo.InvariantCulture, $"{loan.Outstanding:0.00} yuan is outstanding; {amount:0.00} yuan is more."), ("outstanding", loan.Outstanding));
        }

        var repaid = new RepaymentRecorded(amount, reference, allocations, caller.UserId, now);
        var events = new List<object> { repaid };
        if (loan.Terms!.RiskSharingEligible && options.InterestSubsidyRate > 0)
        {
            foreach (var a in allocations.Where(a => loan.Schedule.Single(i => i.Number == a.Instalment).Outstanding == a.Amount))
            {
                var subsidy = Subsidy(loan, a.Instalment, options.InterestSubsidyRate);
                if (subsidy > 0)
                {
                    events.Add(new InterestSubsidyPaid(a.Instalment, subsidy, now));
                }
            }
        }

        if (Loan.Evolve(loan, repaid).Outstanding == 0)
        {
            events.Add(new LoanRepaidInFull(now));
        }

        return events;
    }

    public static decimal Subsidy(Loan loan, int instalment, decimal annualRate)
    {
        var opening = loan.Terms!.Amount - loan.Schedule.Where(i => i.Number < instalment).Sum(i => i.Principal);
        var interest = loan.Schedule.Single(i => i.Number == instalment).Interest;
        return Math.Min(interest, decimal.Round(opening * annualRate / 12m, 2, MidpointRounding.ToZero));
    }

    public static void Map(RouteGroupBuilder loans) =>
        loans.MapPost("/{id}/repayments", (string id, Repayment request, HttpContext http, EventStore.EventStore store, IOptions<FinanceOptions> options) =>
            store.Command(http, id, loan => Decide(loan, request, http.Caller(), options.Value, store.Now())))
            .Produces<LoanView>().WithSummary("Record a repayment received (the lending bank); the last one releases the pledge");
}

/// <summary>An instalment's due date passed unpaid: flagged overdue once, and LoanInstalmentOverdue is published.</summary>
public sealed class InstalmentDue(EventStore.EventStore store) : ITimerHandler
{
    public string Kind => LoanProcess.InstalmentDueTimer;

    public static InstalmentFellOverdue? Decide(Loan loan, int number, DateTimeOffset now) =>
        loan.Status == LoanStatus.Active
        && loan.Schedule.FirstOrDefault(i => i.Number == number) is { Outstanding: > 0, Overdue: false } i
        && now >= RepaymentSchedule.OverdueFrom(i.DueOn)
            ? new InstalmentFellOverdue(i.Number, i.Outstanding, i.DueOn, now)
            : null;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var (id, number) = LoanProcess.SplitKey(timer.Key);
        var loan = await session.Load<Loan>(Loan.StreamId(id), cancellationToken);
        if (Decide(loan.State, number, store.Now()) is { } overdue)
        {
            await LoanProcess.Append(session, loan, [overdue], cancellationToken);
        }
    }
}
