namespace IpExchange.Finance.Loans;

/// <summary>Who may see and act on a loan: the borrower, its bank, its guarantor, and exchange staff (the registrar).</summary>
public static class LoanAccess
{
    public static bool CanRead(Loan loan, Caller caller) =>
        loan.Exists && (caller.IsExchange || caller.OrganisationId == loan.Borrower.OrganisationId
            || caller.OrganisationId == loan.Bank.OrganisationId || caller.OrganisationId == loan.Guarantor.OrganisationId);

    /// <summary>To anyone else the loan does not exist (404, nothing leaks).</summary>
    public static void RequireReadable(Loan loan, Caller caller, string id)
    {
        if (!CanRead(loan, caller))
        {
            throw new NotFoundException("loan", id);
        }
    }

    public static void RequireBank(Loan loan, Caller caller, string id, string what)
    {
        RequireReadable(loan, caller, id);
        if (caller.OrganisationId != loan.Bank.OrganisationId)
        {
            throw new ForbiddenException($"Only the lending bank {what}.");
        }
    }

    public static void RequireGuarantor(Loan loan, Caller caller, string id, string what)
    {
        RequireReadable(loan, caller, id);
        if (caller.OrganisationId != loan.Guarantor.OrganisationId)
        {
            throw new ForbiddenException($"Only the guarantee institution {what}.");
        }
    }

    public static void RequireExchange(Loan loan, Caller caller, string id, string what)
    {
        if (!caller.IsExchange)
        {
            throw new ForbiddenException($"Only exchange staff {what}.");
        }

        RequireReadable(loan, caller, id);
    }

    public static void RequireStatus(Loan loan, LoanStatus wanted, string field, string what)
    {
        if (loan.Status == wanted)
        {
            return;
        }

        throw loan.Status switch
        {
            LoanStatus.Refused => Rule.Broken("loan.refused", field, $"The loan was refused: {loan.RefusalReason}"),
            LoanStatus.Repaid => Rule.Broken("loan.repaid", field, "The loan is repaid in full; its pledge is released."),
            _ => Rule.Broken("loan.wrong-stage", field, $"{what}.", ("status", loan.Status.ToString())),
        };
    }
}
