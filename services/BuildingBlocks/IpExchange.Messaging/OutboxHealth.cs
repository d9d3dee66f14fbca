using System.Globalization;
using IpExchange.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IpExchange.Messaging;

/// <summary>
/// Readiness of the outbox relay: its loop runs and shows life, as the leader of its schema or as a
/// follower waiting for the lead (another replica publishes then; both are healthy). A relay whose
/// loop ended, or that showed no life for <c>Outbox:StallSeconds</c>, is unhealthy.
/// </summary>
public sealed class OutboxRelayHealthCheck(OutboxRelay relay, IOptions<MessagingOptions> options) : IHealthCheck
{
    public const string Name = "outbox-relay";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!relay.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("The outbox relay is switched off in this process (Messaging:Outbox:Enabled=false)."));
        }

        var since = relay.SinceHeartbeat;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["leader"] = relay.IsLeader,
            ["secondsSinceHeartbeat"] = Math.Round(since.TotalSeconds, 1),
        };
        if (!relay.Running)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The outbox relay has stopped.", data: data));
        }

        if (since > TimeSpan.FromSeconds(options.Value.Outbox.StallSeconds))
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                string.Create(CultureInfo.InvariantCulture, $"The outbox relay has shown no progress for {since.TotalSeconds:0} s."), data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(
            relay.IsLeader ? "The outbox relay leads for this schema." : "The outbox relay follows (another replica leads for this schema).", data));
    }
}

/// <summary>
/// Readiness of the outbox itself: its depth and the age of its oldest message. Older than
/// <c>Outbox:DegradedAgeSeconds</c> the service is Degraded (still ready: commands are kept and go
/// out when the broker or the relay catches up); older than <c>Outbox:UnhealthyAgeSeconds</c>, when
/// set, Unhealthy.
/// </summary>
public sealed class OutboxBacklogHealthCheck(EventStore.EventStore store, IOptions<MessagingOptions> options) : IHealthCheck
{
    public const string Name = "outbox";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        EventStore.StoreBacklog backlog;
        try
        {
            backlog = await store.ReadBacklogAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The outbox cannot be read.", e);
        }

        var age = backlog.OutboxOldestAgeSeconds;
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["depth"] = backlog.OutboxDepth,
            ["oldestAgeSeconds"] = Math.Round(age, 1),
            ["timersDue"] = backlog.TimersDue,
        };
        var outbox = options.Value.Outbox;
        var text = string.Create(CultureInfo.InvariantCulture, $"{backlog.OutboxDepth} message(s) waiting, the oldest {age:0.0} s old.");
        if (outbox.UnhealthyAgeSeconds > 0 && age > outbox.UnhealthyAgeSeconds)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, text, data: data);
        }

        return outbox.DegradedAgeSeconds > 0 && age > outbox.DegradedAgeSeconds
            ? HealthCheckResult.Degraded(text, data: data)
            : HealthCheckResult.Healthy(text, data);
    }
}
