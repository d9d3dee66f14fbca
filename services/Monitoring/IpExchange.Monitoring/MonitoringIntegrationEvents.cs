using IpExchange.EventStore;
using IpExchange.Monitoring.Alerts;

namespace IpExchange.Monitoring;

/// <summary>
/// What the cockpit tells other services: each raised alert. Facts it keeps from other services
/// and its own findings (DealStuck, an alert's acknowledgement or resolution) are not announced.
/// </summary>
public sealed class MonitoringIntegrationEvents : IIntegrationEvents
{
    public IEnumerable<object> For(AppendedEvent appended) => appended.Data switch
    {
        AlertRaised e => [new Contracts.Monitoring.AlertRaised(e.AlertId, e.Rule, e.DealId, e.ListingId, e.AuctionId, e.Summary, e.RaisedAt, e.LoanId, e.PatentId)],
        _ => [],
    };
}
