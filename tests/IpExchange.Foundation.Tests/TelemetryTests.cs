using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using IpExchange.EventStore;
using IpExchange.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IpExchange.Foundation.Tests;

/// <summary>
/// What the building blocks tell an operator: the trace context travels with outbox and timer rows,
/// so a relay publish, its consumers and a timer's firing continue the trace that wrote them; the
/// lags, counts and backlogs are measured; readiness reflects the relay and the outbox's age.
/// Listened to in process (ActivityListener, MeterListener), filtered by this test's trace or scope.
/// </summary>
[Collection("broker")]
public sealed class TelemetryTests
{
    private static readonly ActivitySource Requests = new("IpExchange.Tests.Requests");

    [Fact]
    public async Task A_relayed_message_and_its_consumer_join_the_trace_that_wrote_it_and_its_lags_are_measured()
    {
        using var spans = new SpanRecorder();
        using var measurements = new MeasurementRecorder(instrument => instrument.Meter.Name is MessagingTelemetry.Name or StoreMetrics.MeterName);
        await using var host = await BusHost.Start("telemetry");
        var stream = $"w-{Guid.NewGuid():N}";

        ActivityContext request;
        using (var activity = Requests.StartActivity("POST /widgets", ActivityKind.Server))
        {
            request = activity!.Context;
            await host.Ship(stream, 7, ExpectedVersion.NoStream);
        }

        await BusHost.Eventually(async () => (await host.EffectRows()).Any(e => e.StreamId == stream), TimeSpan.FromSeconds(30), "the widget's effect");
        await BusHost.Eventually(() => Task.FromResult(spans.InTrace(request.TraceId).Any(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer)),
            TimeSpan.FromSeconds(10), "the consumer's span");

        var trace = spans.InTrace(request.TraceId);
        var relay = Assert.Single(trace, s => s.Source.Name == MessagingTelemetry.Name);
        Assert.Equal("outbox relay WidgetShipped", relay.DisplayName);
        Assert.Equal(request.SpanId, relay.ParentSpanId);
        var publish = Assert.Single(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);
        Assert.Equal(relay.SpanId, publish.ParentSpanId);
        var consume = trace.Where(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer).ToList();
        Assert.NotEmpty(consume);
        Assert.All(consume, c => Assert.Contains(trace, s => s.SpanId == c.ParentSpanId));

        Assert.Contains(measurements.Of("ipx.outbox.relay.lag"), m => m.Tag("message.type") == "WidgetShipped" && m.Value >= 0);
        Assert.Contains(measurements.Of("ipx.outbox.published"), m => m.Tag("message.type") == "WidgetShipped" && m.Value == 1);
        Assert.Contains(measurements.Of("ipx.consumer.lag"), m => m.Tag("consumer") == "widget-effects" && m.Value >= 0);
        Assert.Contains(measurements.Of("ipx.events.appended"), m => m.Tag("event.type") == nameof(AmountDeposited) && m.Value == 1);
        Assert.Contains(measurements.Of("ipx.messages.outboxed"), m => m.Tag("message.type") == "WidgetShipped" && m.Value == 1);

        var ready = await host.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        var relayCheck = ready.Entries[OutboxRelayHealthCheck.Name];
        Assert.Equal(HealthStatus.Healthy, relayCheck.Status);
        Assert.Equal(true, relayCheck.Data["leader"]);
        Assert.Equal(HealthStatus.Healthy, ready.Entries[OutboxBacklogHealthCheck.Name].Status);
    }

    [Fact]
    public async Task A_timer_fires_in_the_trace_of_whoever_last_moved_it()
    {
        using var spans = new SpanRecorder();
        await using var store = await TestEnvironment.NewStore("timertrace");
        foreach (var (due, name) in new[] { (3600, "schedule"), (-1, "extend") })
        {
            using var activity = Requests.StartActivity(name, ActivityKind.Server);
            await using var session = await store.OpenSession(EventMetadata.System());
            await session.ScheduleTimer("traced", "t-1", store.Now().AddSeconds(due));
            await session.SaveChanges();
        }

        var handler = new TracedTimer();
        var services = new ServiceCollection().AddScoped<ITimerHandler>(_ => handler).BuildServiceProvider();
        Assert.Equal(1, await new TimerWorker(store, services.GetRequiredService<IServiceScopeFactory>(), NullLogger<TimerWorker>.Instance).FireDue(CancellationToken.None));

        var extend = Assert.Single(spans.All, s => s.DisplayName == "extend");
        var fired = Assert.Single(spans.InTrace(extend.TraceId), s => s.DisplayName == "timer traced");
        Assert.Equal(extend.SpanId, fired.ParentSpanId);
        Assert.Equal(fired.SpanId, handler.ParentSeen);
    }

    [Fact]
    public async Task The_outbox_and_timer_backlog_are_gauged_and_an_old_outbox_degrades_readiness()
    {
        var time = new MovableTime(DateTimeOffset.UtcNow);
        var schema = TestEnvironment.NewSchema("backlog");
        await using var store = EventStoreSetup.CreateEventStore(TestEnvironment.PostgresConnection, schema, b => TestEvents.Register(b), time: time);
        await store.Migrate();
        await using (var session = await store.OpenSession(EventMetadata.System()))
        {
            session.Publish(new { note = "waiting" }, "s-1");
            session.Publish(new { note = "waiting too" }, "s-2");
            await session.ScheduleTimer("late", "t-1", time.GetUtcNow().AddSeconds(-5));
            await session.SaveChanges();
        }

        time.Advance(TimeSpan.FromSeconds(90));
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        using var measurements = new MeasurementRecorder(instrument => instrument.Meter.Scope == factory);
        _ = new StoreGauges(store, factory);
        measurements.Collect();
        Assert.Equal(2, measurements.Of("ipx.outbox.depth").Single().Value);
        Assert.Equal(90, measurements.Of("ipx.outbox.oldest_age").Single().Value, precision: 0);
        Assert.Equal(1, measurements.Of("ipx.timers.due").Single().Value);
        Assert.Equal(95, measurements.Of("ipx.timers.oldest_due_age").Single().Value, precision: 0);

        async Task<HealthReportEntry> Check(int degraded, int unhealthy)
        {
            var check = new OutboxBacklogHealthCheck(store, Options.Create(new MessagingOptions { Outbox = { DegradedAgeSeconds = degraded, UnhealthyAgeSeconds = unhealthy } }));
            var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration(OutboxBacklogHealthCheck.Name, check, HealthStatus.Unhealthy, null) });
            return new HealthReportEntry(result.Status, result.Description, TimeSpan.Zero, result.Exception, result.Data);
        }

        Assert.Equal(HealthStatus.Healthy, (await Check(120, 0)).Status);
        var degraded = await Check(60, 0);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(2L, degraded.Data["depth"]);
        Assert.Equal(HealthStatus.Unhealthy, (await Check(30, 60)).Status);
    }

    private sealed class TracedTimer : ITimerHandler
    {
        public string Kind => "traced";

        public ActivitySpanId? ParentSeen { get; private set; }

        public Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
        {
            ParentSeen = Activity.Current?.SpanId;
            return Task.CompletedTask;
        }
    }

    private sealed class MovableTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>Every span of the project's sources, MassTransit's and the test's, as they stop.</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name.StartsWith("IpExchange.", StringComparison.Ordinal) || source.Name == "MassTransit",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> All => _stopped.ToArray();

        public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => _stopped.Where(a => a.TraceId == traceId).ToList();

        public void Dispose() => _listener.Dispose();
    }

    private sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public string? Tag(string name) => Tags.GetValueOrDefault(name)?.ToString();
    }

    /// <summary>The measurements of the instruments a test chooses; observable ones when <see cref="Collect"/> is called.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly ConcurrentQueue<Measured> _measured = new();
        private readonly MeterListener _listener = new();

        public MeasurementRecorder(Func<Instrument, bool> listenTo)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (listenTo(instrument))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public void Collect() => _listener.RecordObservableInstruments();

        public IReadOnlyList<Measured> Of(string instrument) => _measured.Where(m => m.Instrument == instrument).ToList();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, tagValue) in tags)
            {
                copy[key] = tagValue;
            }

            _measured.Enqueue(new Measured(instrument.Name, value, copy));
        }

        public void Dispose() => _listener.Dispose();
    }
}
