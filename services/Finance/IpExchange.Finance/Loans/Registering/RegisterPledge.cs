using System.ComponentModel.DataAnnotations;

namespace IpExchange.Finance.Loans.Registering;

public sealed record PledgeRegistration([Required] string? NoticeNumber, [Required] DateOnly? NoticeDate);

/// <summary>
/// 质押登记: exchange staff, as registrar, record the patent office's notice of the pledge's
/// registration (number and date) for an approved loan. The loan is disbursed from the notice date,
/// its schedule fixed, and the Listing service marks the patents pledged (PledgeRegistered).
/// </summary>
public static class RegisterPledge
{
    public static PledgeRegistrationRecorded Decide(Loan loan, PledgeRegistration request, Caller caller, DateOnly today, DateTimeOffset now)
    {
        LoanAccess.RequireExchange(loan, caller, loan.Id ?? "", "record the pledge's registration");
        var errors = new FieldErrors();
        var number = errors.Text("noticeNumber", request.NoticeNumber, 100, multiLine: false);
        errors.Check(request.NoticeDate is not null, "noticeDate", FieldCodes.Required, "The notice date is required.");
        errors.Check(request.NoticeDate is not { } d || d <= today, "noticeDate", FieldCodes.DateInFuture, "The notice date cannot be in the future.", ("max", today));
        errors.Check(request.NoticeDate is not { } on || loan.Terms is null || on >= ExchangeCalendar.Today(loan.Terms.ApprovedAt),
            "noticeDate", "loan.notice-before-approval", "The pledge is registered after the bank approved the loan.");
        errors.ThrowIfAny();
        LoanAccess.RequireStatus(loan, LoanStatus.Approved, "status", "The pledge is registered once the bank has approved the loan, and only once");
        var terms = loan.Terms!;
        return new PledgeRegistrationRecorded(number!, request.NoticeDate!.Value,
            RepaymentSchedule.EqualInstalments(terms.Amount, terms.AnnualRate, terms.TermMonths, request.NoticeDate.Value), caller.UserId, now);
    }

    public static void Map(RouteGroupBuilder loans) =>
        loans.MapPost("/{id}/pledge-registration", (string id, PledgeRegistration request, HttpContext http, EventStore.EventStore store) =>
            store.Command(http, id, loan => [Decide(loan, request, http.Caller(), ExchangeCalendar.Today(store.Now()), store.Now())]))
            .RequireAuthorization(IdentitySetup.ExchangePolicy)
            .Produces<LoanView>().WithSummary("Record the patent office's notice of the pledge's registration (exchange staff, as registrar)");
}
