using System.Globalization;
using IpExchange.EventStore;
using Marten;

namespace IpExchange.Finance.Loans;

/// <summary>
/// A loan as the lists and the borrower's total read it: a Marten document written in the same unit
/// of work as the loan's events (by <see cref="LoanProcess.Append"/>), so it is never behind them.
/// The lists show bank and guarantor by name; <paramref name="InstalmentOverdue"/> (an instalment overdue
/// and unpaid) is what makes a running loan the bank's to-do. Documents stored before these were added
/// read null and false until the loan's next event.
/// </summary>
public sealed record LoanSummary(
    string Id, string BorrowerOrganisationId, string BorrowerName, string BankOrganisationId, string GuarantorOrganisationId,
    LoanStatus Status, decimal Amount, bool Open, IReadOnlyList<string> PatentIds, decimal Outstanding, DateTimeOffset AppliedAt, string? AuctionListingId = null,
    string? BankName = null, string? GuarantorName = null, bool InstalmentOverdue = false)
{
    public static LoanSummary From(Loan loan) => new(
        loan.Id!, loan.Borrower.OrganisationId, loan.Borrower.Name, loan.Bank.OrganisationId, loan.Guarantor.OrganisationId,
        loan.Status, loan.Amount, loan.Open, loan.PatentIds, loan.Outstanding, loan.Application!.AppliedAt,
        loan.AuctionListing?.ListingId, loan.Bank.Name, loan.Guarantor.Name, loan.Schedule.Any(i => i.Overdue && i.Outstanding > 0));
}

/// <summary>
/// What a loan's events mean for its durable timers and its summary, in one place, as
/// <see cref="FinanceIntegrationEvents"/> says what they mean for other services. Every command and
/// timer handler appends through <see cref="Append"/>, so the events, the timers, the summary and
/// the outbox rows commit together or not at all.
/// </summary>
public static class LoanProcess
{
    public const string InstalmentDueTimer = "loan-instalment-due";

    public static string InstalmentKey(string loanId, int number) => string.Create(CultureInfo.InvariantCulture, $"{loanId}/{number}");

    public static (string LoanId, int Number) SplitKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], int.Parse(key[(slash + 1)..], CultureInfo.InvariantCulture));
    }

    public static void Register(StoreOptions options) => options.Schema.For<LoanSummary>().Identity(x => x.Id);

    /// <summary>The borrower's loans that still count toward its total (applied for, approved or running).</summary>
    public static async Task<IReadOnlyList<LoanSummary>> OpenLoansOf(EventSession session, string borrowerOrganisationId, CancellationToken cancellationToken) =>
        await session.Marten.Query<LoanSummary>().Where(l => l.BorrowerOrganisationId == borrowerOrganisationId && l.Open).ToListAsync(cancellationToken);

    public static async Task<Aggregate<Loan>> Append(EventSession session, Aggregate<Loan> loan, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        await Prepare(session, loan.State, events, cancellationToken);
        return session.Append(loan, events);
    }

    /// <summary>One command on a loan over HTTP: loaded at the request's If-Match, decided, appended with its timers and summary, committed.</summary>
    public static async Task<IResult> Command(this EventStore.EventStore store, HttpContext http, string id, Func<Loan, IReadOnlyList<object>> decide)
    {
        var after = await store.Execute<Loan>(http, Loan.StreamId(id), async (loan, session) =>
        {
            var events = decide(loan.State);
            await Prepare(session, loan.State, events, http.RequestAborted);
            return events;
        });
        return Results.Ok(LoanView.From(after.State, after.Version));
    }

    /// <summary>Queues the timers the events set or stop, and the loan's summary as it will be after them.</summary>
    public static async Task Prepare(EventSession session, Loan before, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        var state = before;
        foreach (var @event in events)
        {
            await Timers(session, state, @event, cancellationToken);
            state = Loan.Evolve(state, @event);
        }

        if (events.Count > 0)
        {
            session.Marten.Store(LoanSummary.From(state));
        }
    }

    /// <summary>
    /// Each instalment gets its overdue timer when the pledge is registered (the loan is disbursed);
    /// the timer stops once the instalment is paid, and every timer stops when the loan is repaid or
    /// declared in default. A timer that fires late re-checks the state, so a missed stop is harmless.
    /// </summary>
    private static async Task Timers(EventSession session, Loan before, object @event, CancellationToken cancellationToken)
    {
        switch (@event)
        {
            case PledgeRegistrationRecorded registered:
                foreach (var i in registered.Schedule)
                {
                    await session.ScheduleTimer(InstalmentDueTimer, InstalmentKey(before.Id!, i.Number), RepaymentSchedule.OverdueFrom(i.DueOn), cancellationToken: cancellationToken);
                }

                break;
            case RepaymentRecorded repaid:
                foreach (var a in repaid.Allocations.Where(a => before.Schedule.Single(i => i.Number == a.Instalment).Outstanding == a.Amount))
                {
                    await session.CancelTimer(InstalmentDueTimer, InstalmentKey(before.Id!, a.Instalment), cancellationToken);
                }

                break;
            case LoanRepaidInFull or LoanDefaultDeclared:
                foreach (var i in before.Schedule)
                {
                    await session.CancelTimer(InstalmentDueTimer, InstalmentKey(before.Id!, i.Number), cancellationToken);
                }

                break;
        }
    }
}
