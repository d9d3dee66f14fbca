namespace IpExchange.Contract.Agreements;

/// <summary>Who may see and act on an agreement: its two parties, and exchange staff.</summary>
public static class AgreementAccess
{
    public static bool CanRead(Agreement agreement, Caller caller) =>
        agreement.Draft is not null && (caller.IsExchange || agreement.IsParty(caller.OrganisationId));

    /// <summary>To anyone but the parties and the exchange the agreement does not exist (404, nothing leaks).</summary>
    public static void RequireReadable(Agreement agreement, Caller caller, string id)
    {
        if (!CanRead(agreement, caller))
        {
            throw new NotFoundException("agreement", id);
        }
    }

    /// <summary>Only a party acts as a party (signs, amends, pays, registers); the exchange sees but may not.</summary>
    public static void RequireParty(Agreement agreement, Caller caller, string id, string what)
    {
        RequireReadable(agreement, caller, id);
        if (!agreement.IsParty(caller.OrganisationId))
        {
            throw new ForbiddenException($"Only the parties to the agreement {what}.");
        }
    }

    public static void RequireExchange(Agreement agreement, Caller caller, string id, string what)
    {
        if (!caller.IsExchange)
        {
            throw new ForbiddenException($"Only exchange staff {what}.");
        }

        RequireReadable(agreement, caller, id);
    }

    public static void RequireNotEnded(Agreement agreement)
    {
        if (agreement.Ended)
        {
            throw Rule.Broken("agreement.ended", "status",
                agreement.Status == AgreementStatus.Completed
                    ? "The agreement is completed; nothing more can change."
                    : $"The agreement was cancelled: {agreement.CancellationReason}");
        }
    }
}
