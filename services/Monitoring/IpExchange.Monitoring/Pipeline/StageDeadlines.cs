using System.Text.Json;
using IpExchange.EventStore;
using IpExchange.Monitoring.Alerts;
using IpExchange.Monitoring.Facts;

namespace IpExchange.Monitoring.Pipeline;

/// <summary>How long a deal may stay in a stage, section <c>Monitoring:StageDeadlines</c> (signing has its own deadline in the agreement).</summary>
public sealed class StageDeadlineOptions
{
    public const string Section = "Monitoring:StageDeadlines";

    /// <summary>From the deal struck to its agreement drafted.</summary>
    public TimeSpan Drafting { get; set; } = TimeSpan.FromDays(3);

    /// <summary>From both signatures to the exchange's recording (登记).</summary>
    public TimeSpan Recording { get; set; } = TimeSpan.FromDays(5);

    /// <summary>From recording to completion (paid and registered at the patent office).</summary>
    public TimeSpan Completion { get; set; } = TimeSpan.FromDays(180);
}

public sealed record StageDeadline(string DealId, string Stage, string Reason, DateTimeOffset Deadline);

/// <summary>
/// A durable timer per deal and stage, due at the stage's deadline. When it fires and the deal is
/// still in that stage, the deal is stuck: a <see cref="DealStuck"/> fact and a deal-stuck alert.
/// A deal that moved on in time makes the timer do nothing.
/// </summary>
public sealed class StageDeadlines(EventStore.EventStore store) : ITimerHandler
{
    public const string TimerKind = "deal-deadline";

    public string Kind => TimerKind;

    /// <param name="instance">Tells apart two deadlines of one stage (two agreements drafted for a deal), so that one never moves the other.</param>
    public static Task Schedule(EventSession session, StageDeadline deadline, CancellationToken cancellationToken, string? instance = null) =>
        session.ScheduleTimer(TimerKind, $"{deadline.DealId}:{deadline.Stage}{(instance is null ? "" : ":" + instance)}", deadline.Deadline, deadline, cancellationToken);

    /// <summary>Still in the stage the deadline is for (paying counts as not yet completed after recording).</summary>
    public static bool StillIn(string current, string deadlineStage) =>
        current == deadlineStage || (deadlineStage == DealStage.Recorded && current == DealStage.Paying);

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var deadline = timer.Payload.Deserialize<StageDeadline>(store.Json)
            ?? throw new InvalidOperationException($"Timer {timer.Key} has no deadline.");
        var stream = Facts.Facts.DealStream(deadline.DealId);
        await FactLock.Take(session, store, stream, cancellationToken);
        var deal = DealView.Of(stream, await FactLock.Read(session, stream, cancellationToken));
        if (deal.Stage is not { } stage || !StillIn(stage, deadline.Stage))
        {
            return;
        }

        session.Append(stream, ExpectedVersion.Any, new DealStuck(deadline.DealId, stage, deadline.Reason, deadline.Deadline, store.Now()));
        await AlertRaising.Raise(session, store, AlertRules.Stuck(deadline.DealId, deal.ListingId!, deadline.Stage, deadline.Reason, deadline.Deadline, null), cancellationToken);
    }
}
