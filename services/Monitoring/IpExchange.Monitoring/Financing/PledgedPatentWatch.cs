using System.Text.Json;
using IpExchange.Contracts.Finance;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Messaging;
using IpExchange.Monitoring.Alerts;
using IpExchange.Monitoring.Facts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IpExchange.Monitoring.Financing;

/// <summary>When a pledged patent's term nears its end: the start of that day in China (UTC+8), <c>PledgedPatentExpiryDays</c> before it.</summary>
public sealed record PledgedPatentDeadline(string LoanId, string PatentId, string Title, DateOnly ExpiresOn, string BankOrganisationId, int ThresholdDays);

/// <summary>
/// The watch on pledged patents (质物监控): a patent that secures a loan loses its value as security
/// when its term nears its end or it lapses. When the pledge is registered, a durable timer per
/// patent is set for <see cref="AlertOptions.PledgedPatentExpiryDays"/> before its expiry (one already
/// inside that window fires at once); when it fires on a pledge still in place (not released, not
/// disposed of), the <c>pledged-patent-expiring</c> alert is raised. A legal status change that takes
/// a pledged patent out of force (the Listing service's <c>PatentChanged</c> under a loan's pledge)
/// raises <c>pledged-patent-lapsed</c>. Both name the loan, so its bank sees them on the loan.
/// </summary>
public sealed class PledgedPatentWatch(EventStore.EventStore store) : ITimerHandler
{
    public const string TimerKind = "pledged-patent-expiry";

    public string Kind => TimerKind;

    public static DateTimeOffset DueAt(DateOnly expiresOn, int days) =>
        new(expiresOn.AddDays(-days).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));

    public static async Task Schedule(EventSession session, PledgeRegistered registered, AlertOptions options, CancellationToken cancellationToken)
    {
        foreach (var patent in registered.Collateral ?? [])
        {
            var deadline = new PledgedPatentDeadline(registered.LoanId, patent.PatentId, patent.Title, patent.ExpiresOn, registered.BankOrganisationId, options.PledgedPatentExpiryDays);
            await session.ScheduleTimer(TimerKind, $"{registered.LoanId}:{patent.PatentId}", DueAt(patent.ExpiresOn, options.PledgedPatentExpiryDays), deadline, cancellationToken);
        }
    }

    /// <summary>The loan as its facts committed so far tell it.</summary>
    public static async Task<LoanView> Loan(EventSession session, string loanId, CancellationToken cancellationToken)
    {
        var stream = LoanView.StreamOf(loanId);
        return (await FactLock.Read(session, stream, cancellationToken)).Aggregate(LoanView.Start(stream), (view, e) => LoanView.Evolve(view, e.Data));
    }

    /// <summary>The pledge still secures the loan: registered, and neither released nor disposed of.</summary>
    public static bool Pledged(LoanView loan) => loan.PledgeRegisteredAt is not null && loan.ReleasedAt is null && loan.DisposalMethod is null;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var deadline = timer.Payload.Deserialize<PledgedPatentDeadline>(store.Json)
            ?? throw new InvalidOperationException($"Timer {timer.Key} has no deadline.");
        if (Pledged(await Loan(session, deadline.LoanId, cancellationToken)))
        {
            await AlertRaising.Raise(session, store, AlertRules.PledgedPatentNearsExpiry(deadline, ExchangeDay(store.Now())), cancellationToken);
        }
    }

    private static DateOnly ExchangeDay(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
}

/// <summary>Hears the Listing service's patents: one pledged under a loan the cockpit knows that is no longer in force raises an alert.</summary>
public sealed class PledgedPatentLapseConsumer(EventStore.EventStore store) : IConsumer<PatentChanged>
{
    public Task Consume(ConsumeContext<PatentChanged> context) =>
        context.Message is not { InForce: false, PledgeContractNumber: { } loanId } patent
            ? Task.CompletedTask
            : store.HandleOnce(context, "monitoring-pledged-patent", async session =>
            {
                var loan = await PledgedPatentWatch.Loan(session, loanId, context.CancellationToken);
                if (PledgedPatentWatch.Pledged(loan))
                {
                    await AlertRaising.Raise(session, store, AlertRules.PledgedPatentOutOfForce(patent, loan, context.MessageId), context.CancellationToken);
                }
            });
}
