using IpExchange.Contracts.Monitoring;
using IpExchange.Messaging;
using MassTransit;

namespace IpExchange.Finance.Loans;

/// <summary>
/// The exchange's watch on pledged patents (the Monitoring service) raises an alert naming a loan when
/// a pledged patent nears its expiry or lapses; the loan records it once, so its bank (and the
/// borrower and guarantor) see it on the loan. Alerts on deals and auctions name no loan and pass by.
/// </summary>
public static class PledgedPatentAlerts
{
    public static PledgedPatentAlerted? OnRaised(Loan loan, AlertRaised alert) =>
        loan.Exists && !(loan.PatentAlerts ?? []).Any(a => a.AlertId == alert.AlertId)
            ? new PledgedPatentAlerted(alert.AlertId, alert.Rule, alert.PatentId, alert.Summary, alert.RaisedAt)
            : null;
}

public sealed class PledgedPatentAlertConsumer(EventStore.EventStore store) : IConsumer<AlertRaised>
{
    public Task Consume(ConsumeContext<AlertRaised> context) =>
        context.Message.LoanId is not { } loanId
            ? Task.CompletedTask
            : store.HandleOnce(context, "finance-pledged-patent-alert", async session =>
            {
                var loan = await session.Load<Loan>(Loan.StreamId(loanId), context.CancellationToken);
                if (PledgedPatentAlerts.OnRaised(loan.State, context.Message) is { } alerted)
                {
                    await LoanProcess.Append(session, loan, [alerted], context.CancellationToken);
                }
            });
}
