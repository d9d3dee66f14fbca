using System.ComponentModel.DataAnnotations;
using IpExchange.EventStore;
using Microsoft.Extensions.Options;

namespace IpExchange.Finance.Loans.Approving;

/// <param name="AnnualRate">The annual interest rate, a fraction (0.0385 is 3.85 %).</param>
public sealed record BankApproval([Required] decimal? Amount, [Required] decimal? AnnualRate, [Required] int? TermMonths);

/// <summary>
/// 银行审批: the bank approves a guaranteed application with its terms (never more than was asked
/// for), or refuses it. Whether a default would be shared 4:2:2:2 is fixed here: the borrower's open
/// loans in total with this one at most the cap, and the guarantee fee at most its cap.
/// </summary>
public static class BankDecision
{
    public static LoanApprovedByBank Approve(Loan loan, BankApproval request, Caller caller, decimal borrowersOtherLoans, FinanceOptions options, DateTimeOffset now)
    {
        LoanAccess.RequireBank(loan, caller, loan.Id ?? "", "approves the loan");
        var errors = new FieldErrors();
        var amount = Money.Check(errors, "amount", request.Amount);
        errors.Check(request.Amount is null || request.Amount <= loan.Application!.Amount, "amount", "loan.more-than-asked",
            "The bank lends at most what the borrower asked for.", ("max", loan.Application!.Amount));
        errors.Range("annualRate", request.AnnualRate, 0, 0.24m);
        errors.Check(request.AnnualRate is null || decimal.Round(request.AnnualRate.Value, 6) == request.AnnualRate, "annualRate", "rate.too-many-decimals",
            "A rate has at most six decimals.", ("decimals", 6));
        errors.Range("termMonths", request.TermMonths, 1, options.MaxTermMonths);
        errors.ThrowIfAny();
        LoanAccess.RequireStatus(loan, LoanStatus.Guaranteed, "status", "The bank decides once the guarantor has approved");
        var total = borrowersOtherLoans + amount;
        return new LoanApprovedByBank(amount, request.AnnualRate!.Value, request.TermMonths!.Value, total,
            RiskSharing.Eligible(total, loan.Guarantee!.FeeRate, options.RiskSharing), caller.UserId, now);
    }

    public static LoanRefusedByBank Refuse(Loan loan, Refusal request, Caller caller, DateTimeOffset now)
    {
        LoanAccess.RequireBank(loan, caller, loan.Id ?? "", "refuses the loan");
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 1000);
        errors.ThrowIfAny();
        if (loan.Status != LoanStatus.Applied)
        {
            LoanAccess.RequireStatus(loan, LoanStatus.Guaranteed, "status", "The bank decides before the pledge is registered");
        }

        return new LoanRefusedByBank(reason!, caller.UserId, now);
    }

    public static void Map(RouteGroupBuilder loans)
    {
        loans.MapPost("/{id}/approval", async (string id, BankApproval request, HttpContext http, EventStore.EventStore store, IOptions<FinanceOptions> options) =>
        {
            var caller = http.Caller();
            var after = await store.Execute<Loan>(http, Loan.StreamId(id), async (loan, session) =>
            {
                var others = loan.State.Exists
                    ? (await LoanProcess.OpenLoansOf(session, loan.State.Borrower.OrganisationId, http.RequestAborted)).Where(l => l.Id != id).Sum(l => l.Amount)
                    : 0;
                IReadOnlyList<object> events = [Approve(loan.State, request, caller, others, options.Value, store.Now())];
                await LoanProcess.Prepare(session, loan.State, events, http.RequestAborted);
                return events;
            });
            return Results.Ok(LoanView.From(after.State, after.Version));
        }).Produces<LoanView>().WithSummary("Approve the loan with its terms: amount, annual rate, term (the lending bank)");
        loans.MapPost("/{id}/refusal", (string id, Refusal request, HttpContext http, EventStore.EventStore store) =>
            store.Command(http, id, loan => [Refuse(loan, request, http.Caller(), store.Now())]))
            .Produces<LoanView>().WithSummary("Refuse the loan with a reason (the lending bank)");
    }
}
