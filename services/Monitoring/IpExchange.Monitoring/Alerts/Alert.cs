using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IpExchange.EventStore;

namespace IpExchange.Monitoring.Alerts;

/// <summary>An alert with its evidence (the figures and the messages that show it), linked to a deal, listing or auction.</summary>
public sealed record AlertRaised(
    string AlertId,
    string Rule,
    string? DealId,
    string? ListingId,
    string? AuctionId,
    string Summary,
    JsonElement Evidence,
    DateTimeOffset RaisedAt,
    string? LoanId = null,
    string? PatentId = null);

/// <summary>Exchange staff have seen the alert and are looking into it.</summary>
public sealed record AlertAcknowledged(string AlertId, string UserId, string UserName, string? Note, DateTimeOffset AcknowledgedAt);

/// <summary>Exchange staff closed the alert, saying what they found.</summary>
public sealed record AlertResolved(string AlertId, string UserId, string UserName, string Resolution, DateTimeOffset ResolvedAt);

public enum AlertStatus
{
    None,
    Raised,
    Acknowledged,
    Resolved,
}

/// <summary>An alert's life: raised → acknowledged → resolved (or raised → resolved directly).</summary>
public sealed record Alert(string? Id, string? Rule, AlertStatus Status) : IAggregateState<Alert>
{
    public static Alert Initial { get; } = new(null, null, AlertStatus.None);

    public static string StreamId(string alertId) => $"alert-{alertId}";

    /// <summary>
    /// One alert per rule and subject (a deal, an auction and group...): the id is derived from both,
    /// so the same finding heard twice, or re-checked later, raises nothing new.
    /// </summary>
    public static string IdFor(string rule, string subject) =>
        $"{rule}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{rule}|{subject}")))[..16]}";

    public static Alert Evolve(Alert state, object @event) => @event switch
    {
        AlertRaised e => new Alert(e.AlertId, e.Rule, AlertStatus.Raised),
        AlertAcknowledged => state with { Status = AlertStatus.Acknowledged },
        AlertResolved => state with { Status = AlertStatus.Resolved },
        _ => state,
    };
}

/// <summary>Why a transition is refused: answered with 409, the alert's current status in the body.</summary>
public sealed record AlertTransitionRefused(string Rule, string Message, AlertStatus Current);

/// <summary>What exchange staff may do with an alert, as pure decisions.</summary>
public static class AlertDecisions
{
    public static (AlertAcknowledged? Event, AlertTransitionRefused? Refused) Acknowledge(Alert alert, string userId, string userName, string? note, DateTimeOffset now) =>
        alert.Status == AlertStatus.Raised
            ? (new AlertAcknowledged(alert.Id!, userId, userName, note, now), null)
            : (null, new AlertTransitionRefused("alert.not-raised", $"Only a raised alert can be acknowledged; this one is {alert.Status}.", alert.Status));

    public static (AlertResolved? Event, AlertTransitionRefused? Refused) Resolve(Alert alert, string userId, string userName, string resolution, DateTimeOffset now) =>
        alert.Status is AlertStatus.Raised or AlertStatus.Acknowledged
            ? (new AlertResolved(alert.Id!, userId, userName, resolution, now), null)
            : (null, new AlertTransitionRefused("alert.resolved", $"The alert is already {alert.Status}.", alert.Status));
}
