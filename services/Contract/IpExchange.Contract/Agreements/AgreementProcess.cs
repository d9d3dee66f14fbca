using IpExchange.Contracts.Agreements;
using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements;

/// <summary>
/// The process manager's side effects: what an agreement's events mean for its durable timers and
/// for the integration events other services hear. Everything here runs in the session of the
/// append, so the events, the timers and the outbox rows commit together or not at all.
/// </summary>
public static class AgreementProcess
{
    public const string SigningDeadlineTimer = "agreement-signing-deadline";
    public const string MilestoneDueTimer = "agreement-milestone-due";

    public static string MilestoneKey(string agreementId, string milestoneId) => $"{agreementId}/{milestoneId}";

    /// <summary>A milestone is overdue from the first moment (UTC midnight) after its due date.</summary>
    public static DateTimeOffset OverdueFrom(DateOnly dueOn) => new(dueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static Task ScheduleSigningDeadline(EventSession session, string agreementId, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        session.ScheduleTimer(SigningDeadlineTimer, agreementId, deadline, cancellationToken: cancellationToken);

    /// <summary>One timer per unpaid milestone, at the end of its due date (at once when that has passed).</summary>
    public static async Task ScheduleMilestones(EventSession session, string agreementId, IEnumerable<Milestone> milestones, CancellationToken cancellationToken)
    {
        foreach (var m in milestones.Where(m => m.Outstanding > 0 && m.DueOn is not null))
        {
            await session.ScheduleTimer(MilestoneDueTimer, MilestoneKey(agreementId, m.Id), OverdueFrom(m.DueOn!.Value), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Both signed: the signing deadline no longer applies.</summary>
    public static Task OnBothSigned(EventSession session, Agreement agreement, CancellationToken cancellationToken) =>
        session.CancelTimer(SigningDeadlineTimer, agreement.Id!, cancellationToken);

    /// <summary>The agreement failed: its timers stop and the listing is released (the Listing service reopens it).</summary>
    public static async Task OnCancelled(EventSession session, Agreement agreement, AgreementCancelled cancelled, CancellationToken cancellationToken)
    {
        await StopTimers(session, agreement, cancellationToken);
        var d = agreement.Draft!;
        session.Publish(new ContractCancelled(d.AgreementId, d.DealId, d.ListingId, cancelled.Reason, cancelled.CancelledAt), Agreement.StreamId(d.AgreementId));
    }

    /// <summary>Everything paid and registered: 交割完成, the listing is sold.</summary>
    public static async Task OnCompleted(EventSession session, Agreement agreement, AgreementFulfilled completed, CancellationToken cancellationToken)
    {
        await StopTimers(session, agreement, cancellationToken);
        var d = agreement.Draft!;
        session.Publish(new ContractCompleted(d.AgreementId, d.DealId, d.ListingId, d.Seller.OrganisationId, d.Buyer.OrganisationId, agreement.Terms!.Price, completed.CompletedAt),
            Agreement.StreamId(d.AgreementId));
    }

    /// <summary>The completion an agreement reaches once the last milestone is paid and the registration recorded, or nothing yet.</summary>
    public static AgreementFulfilled? Completion(Agreement agreement, DateTimeOffset now) =>
        agreement.Status == AgreementStatus.Effective && agreement.Registration is not null && agreement.Outstanding == 0
            ? new AgreementFulfilled(now)
            : null;

    private static async Task StopTimers(EventSession session, Agreement agreement, CancellationToken cancellationToken)
    {
        await session.CancelTimer(SigningDeadlineTimer, agreement.Id!, cancellationToken);
        foreach (var m in agreement.Terms?.Milestones ?? [])
        {
            await session.CancelTimer(MilestoneDueTimer, MilestoneKey(agreement.Id!, m.Id), cancellationToken);
        }
    }
}
