using System.Text.Json;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Monitoring.Alerts;

/// <summary>
/// An alert with its evidence and where its handling stands: a Marten document folded from the
/// alert's own stream (<c>alert-{AlertId}</c>), inline, so that staff read their acknowledgement
/// back at once. Its events are the cockpit's own, appended in order through the alert aggregate.
/// </summary>
public sealed record AlertView
{
    /// <summary>The stream's key, <c>alert-{AlertId}</c>.</summary>
    public string Id { get; init; } = "";

    public string AlertId { get; init; } = "";

    public string Rule { get; init; } = "";

    public string? DealId { get; init; }

    public string? ListingId { get; init; }

    public string? AuctionId { get; init; }

    /// <summary>The pledge loan of an alert on a pledged patent.</summary>
    public string? LoanId { get; init; }

    public string Summary { get; init; } = "";

    public JsonElement Evidence { get; init; }

    public DateTimeOffset RaisedAt { get; init; }

    public string Status { get; init; } = nameof(AlertStatus.Raised);

    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? ResolvedBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? Resolution { get; init; }

    /// <summary>
    /// The alert stream's version, for the ETag: every event of the stream is one of the three below,
    /// so counting them is the version, whatever metadata Marten's append mode gives an inline projection.
    /// </summary>
    public long Version { get; init; }

    public static AlertView? Evolve(AlertView? view, object @event) => @event switch
    {
        AlertRaised e => new AlertView
        {
            Id = Alert.StreamId(e.AlertId), AlertId = e.AlertId, Rule = e.Rule, DealId = e.DealId, ListingId = e.ListingId, AuctionId = e.AuctionId, LoanId = e.LoanId,
            Summary = e.Summary, Evidence = e.Evidence, RaisedAt = e.RaisedAt, Version = 1,
        },
        AlertAcknowledged e when view is not null => view with
        {
            Status = nameof(AlertStatus.Acknowledged), AcknowledgedBy = e.UserName, AcknowledgedAt = e.AcknowledgedAt, Version = view.Version + 1,
        },
        AlertResolved e when view is not null => view with
        {
            Status = nameof(AlertStatus.Resolved), ResolvedBy = e.UserName, ResolvedAt = e.ResolvedAt, Resolution = e.Resolution, Version = view.Version + 1,
        },
        _ => view,
    };
}

/// <summary>Keeps <see cref="AlertView"/> documents inline, in the transaction that appends the alert's events.</summary>
public sealed class AlertViewProjection : SingleStreamProjection<AlertView, string>
{
    public AlertViewProjection()
    {
        IncludeType<AlertRaised>();
        IncludeType<AlertAcknowledged>();
        IncludeType<AlertResolved>();
    }

    public override AlertView? Evolve(AlertView? snapshot, string id, IEvent e) => AlertView.Evolve(snapshot, e.Data);
}
