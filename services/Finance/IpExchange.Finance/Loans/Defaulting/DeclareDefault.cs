using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace IpExchange.Finance.Loans.Defaulting;

public sealed record DefaultDeclaration([Required] string? Reason);

/// <summary>
/// 违约 and 风险补偿: the bank declares a loan with an overdue instalment in default (the loss: every
/// unpaid principal, and the unpaid interest of the overdue instalments), then claims the risk
/// compensation, shared by <see cref="RiskSharing"/>. A second claim is refused.
/// </summary>
public static class DeclareDefault
{
    public static LoanDefaultDeclared Decide(Loan loan, DefaultDeclaration request, Caller caller, DateTimeOffset now)
    {
        LoanAccess.RequireBank(loan, caller, loan.Id ?? "", "declares a default");
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 1000);
        errors.ThrowIfAny();
        LoanAccess.RequireStatus(loan, LoanStatus.Active, "status", "Only a disbursed loan that is not yet in default can be declared in default");
        if (!loan.Schedule.Any(i => i.Overdue && i.Outstanding > 0))
        {
            throw Rule.Broken("loan.nothing-overdue", "status", "A loan is declared in default only with an instalment overdue.");
        }

        return new LoanDefaultDeclared(loan.Loss, reason!, caller.UserId, now);
    }

    public static RiskCompensationShared Compensate(Loan loan, Caller caller, RiskSharingOptions options, DateTimeOffset now)
    {
        LoanAccess.RequireBank(loan, caller, loan.Id ?? "", "claims the risk compensation");
        if (loan.Compensation is not null)
        {
            throw Rule.Broken("loan.compensation-already-settled", "status", "The risk compensation of this default was settled already.",
                ("settledAt", loan.Compensation.SettledAt));
        }

        LoanAccess.RequireStatus(loan, LoanStatus.Defaulted, "status", "Risk compensation is claimed for a loan in default");
        var loss = loan.Default!.Loss;
        return new RiskCompensationShared(loss, loan.Terms!.RiskSharingEligible, RiskSharing.Split(loan, loss, options), caller.UserId, now);
    }

    public static void Map(RouteGroupBuilder loans)
    {
        loans.MapPost("/{id}/default", (string id, DefaultDeclaration request, HttpContext http, EventStore.EventStore store) =>
            store.Command(http, id, loan => [Decide(loan, request, http.Caller(), store.Now())]))
            .Produces<LoanView>().WithSummary("Declare the loan in default (the lending bank; an instalment must be overdue)");
        loans.MapPost("/{id}/compensation", (string id, HttpContext http, EventStore.EventStore store, IOptions<FinanceOptions> options) =>
            store.Command(http, id, loan => [Compensate(loan, http.Caller(), options.Value.RiskSharing, store.Now())]))
            .Produces<LoanView>().WithSummary("Claim the risk compensation of a default: 4:2:2:2 when eligible, else the loan's own terms (the lending bank)");
    }
}
