using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace IpExchange.Finance.Loans.Approving;

/// <param name="FeeRate">The guarantee fee, a fraction of the loan (0.015 is 1.5 %).</param>
/// <param name="Coverage">The share of a loss the guarantor bears when the loan is not eligible for risk sharing (0.8 is 80 %).</param>
public sealed record GuaranteeApproval([Required] decimal? FeeRate, [Required] decimal? Coverage);

public sealed record Refusal([Required] string? Reason);

/// <summary>担保审批: the guarantee institution named in the application approves with its fee, or refuses with a reason.</summary>
public static class GuaranteeDecision
{
    public static GuaranteeApproved Approve(Loan loan, GuaranteeApproval request, Caller caller, FinanceOptions options, DateTimeOffset now)
    {
        LoanAccess.RequireGuarantor(loan, caller, loan.Id ?? "", "approves the guarantee");
        var errors = new FieldErrors();
        errors.Range("feeRate", request.FeeRate, 0, 1);
        if (request.FeeRate > options.GuaranteeFeeCap)
        {
            errors.Add("feeRate", "loan.fee-over-cap",
                string.Create(CultureInfo.InvariantCulture, $"The guarantee fee is at most {options.GuaranteeFeeCap:P2} a year."), ("max", options.GuaranteeFeeCap));
        }

        errors.Range("coverage", request.Coverage, 0, 1);
        errors.Check(request.FeeRate is null || decimal.Round(request.FeeRate.Value, 6) == request.FeeRate, "feeRate", "rate.too-many-decimals",
            "A rate has at most six decimals.", ("decimals", 6));
        errors.ThrowIfAny();
        LoanAccess.RequireStatus(loan, LoanStatus.Applied, "status", "The guarantee is decided once, on a new application");
        return new GuaranteeApproved(request.FeeRate!.Value, request.Coverage!.Value, caller.UserId, now);
    }

    public static GuaranteeRefused Refuse(Loan loan, Refusal request, Caller caller, DateTimeOffset now)
    {
        LoanAccess.RequireGuarantor(loan, caller, loan.Id ?? "", "refuses the guarantee");
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 1000);
        errors.ThrowIfAny();
        LoanAccess.RequireStatus(loan, LoanStatus.Applied, "status", "The guarantee is decided once, on a new application");
        return new GuaranteeRefused(reason!, caller.UserId, now);
    }

    public static void Map(RouteGroupBuilder loans)
    {
        loans.MapPost("/{id}/guarantee", (string id, GuaranteeApproval request, HttpContext http, EventStore.EventStore store, IOptions<FinanceOptions> options) =>
            store.Command(http, id, loan => [Approve(loan, request, http.Caller(), options.Value, store.Now())]))
            .Produces<LoanView>().WithSummary("Approve the guarantee with its fee and coverage (the guarantee institution)");
        loans.MapPost("/{id}/guarantee/refusal", (string id, Refusal request, HttpContext http, EventStore.EventStore store) =>
            store.Command(http, id, loan => [Refuse(loan, request, http.Caller(), store.Now())]))
            .Produces<LoanView>().WithSummary("Refuse the guarantee with a reason (the guarantee institution)");
    }
}
