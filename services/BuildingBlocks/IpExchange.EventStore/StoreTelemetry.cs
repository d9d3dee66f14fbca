using System.Diagnostics;
using System.Diagnostics.Metrics;
using IpExchange.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace IpExchange.EventStore;

/// <summary>The W3C trace context of the current activity, kept with outbox and timer rows, and read back.</summary>
public static class TraceContext
{
    /// <summary><c>traceparent</c> and <c>tracestate</c> of <see cref="Activity.Current"/>; nulls outside any activity.</summary>
    public static (string? Parent, string? State) Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? (current.Id, current.TraceStateString) : (null, null);

    /// <summary>The stored context as a remote parent; default (a new root) when none was stored or it does not parse.</summary>
    public static ActivityContext Parse(string? parent, string? state) =>
        parent is not null && ActivityContext.TryParse(parent, state, isRemote: true, out var context) ? context : default;
}

/// <summary>
/// What the store counts as it commits: <c>ipx.events.appended</c> by event type (ListingSubmitted,
/// ListingApproved, BidPlaced, AgreementSignedByParty, MilestonePaid...) and <c>ipx.messages.outboxed</c>
/// by integration message type (DealStruck, ContractSigned...): the business seen from the events
/// that actually committed, not from the requests that asked. Static instruments, since a session
/// has no container; they cost nothing while no listener (the OpenTelemetry meter provider) is on.
/// </summary>
public static class StoreMetrics
{
    public const string MeterName = "IpExchange.EventStore";
    public const string ActivitySourceName = "IpExchange.EventStore";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Appended = Meter.CreateCounter<long>(
        "ipx.events.appended", "{event}", "Domain events committed, by event type.");

    private static readonly Counter<long> Outboxed = Meter.CreateCounter<long>(
        "ipx.messages.outboxed", "{message}", "Integration messages committed to the outbox, by message type.");

    internal static bool Enabled => Appended.Enabled || Outboxed.Enabled;

    internal static void Committed(IReadOnlyList<string>? eventTypes, IReadOnlyList<string> messageTypes)
    {
        if (eventTypes is not null && Appended.Enabled)
        {
            foreach (var type in eventTypes)
            {
                Appended.Add(1, new KeyValuePair<string, object?>("event.type", type));
            }
        }

        if (Outboxed.Enabled)
        {
            foreach (var type in messageTypes)
            {
                Outboxed.Add(1, new KeyValuePair<string, object?>("message.type", type));
            }
        }
    }
}

/// <summary>The outbox's and the timers' backlog at one moment (ages in seconds; 0 when empty).</summary>
public sealed record StoreBacklog(long OutboxDepth, double OutboxOldestAgeSeconds, long TimersDue, double TimersOldestDueAgeSeconds);

/// <summary>
/// Observable gauges read when the meter provider collects (every export interval), one query for
/// all four: <c>ipx.outbox.depth</c>, <c>ipx.outbox.oldest_age</c>, <c>ipx.timers.due</c> (timers
/// past their due time and not fired yet: the timer backlog) and <c>ipx.timers.oldest_due_age</c>.
/// Both tables are small work tables (rows leave once published or fired), so counting them is cheap;
/// every replica of a service reports the same figures of its shared schema.
/// </summary>
public sealed class StoreGauges : IHostedService
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private readonly EventStore _store;
    private readonly Lock _gate = new();
    private (StoreBacklog? Backlog, long At) _last;

    public StoreGauges(EventStore store, IMeterFactory meters)
    {
        _store = store;
        var meter = meters.Create(StoreMetrics.MeterName);
        meter.CreateObservableGauge("ipx.outbox.depth", () => Observe(b => (double)b.OutboxDepth), "{message}", "Integration messages committed and not yet confirmed by the broker.");
        meter.CreateObservableGauge("ipx.outbox.oldest_age", () => Observe(b => b.OutboxOldestAgeSeconds), "s", "Age of the oldest message waiting in the outbox.");
        meter.CreateObservableGauge("ipx.timers.due", () => Observe(b => (double)b.TimersDue), "{timer}", "Durable timers past their due time, not fired yet.");
        meter.CreateObservableGauge("ipx.timers.oldest_due_age", () => Observe(b => b.TimersOldestDueAgeSeconds), "s", "How long the most overdue timer has been due.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<double>> Observe(Func<StoreBacklog, double> figure)
    {
        StoreBacklog? backlog;
        lock (_gate)
        {
            if (_last.Backlog is null || Stopwatch.GetElapsedTime(_last.At) > Fresh)
            {
                try
                {
                    // Synchronous: observable callbacks are. One query serves the four gauges of a collection.
                    _last = (_store.ReadBacklog(), Stopwatch.GetTimestamp());
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    _last = (null, 0); // the database does not answer: no figure rather than a wrong one
                }
            }

            backlog = _last.Backlog;
        }

        return backlog is null ? [] : [new Measurement<double>(figure(backlog))];
    }
}
