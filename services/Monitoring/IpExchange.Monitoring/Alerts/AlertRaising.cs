using System.Text.Json;
using IpExchange.EventStore;

namespace IpExchange.Monitoring.Alerts;

/// <summary>Turns a rule's finding into an alert in the session: once per rule and subject, announced on the bus.</summary>
public static class AlertRaising
{
    public static async Task<bool> Raise(EventSession session, EventStore.EventStore store, Finding finding, CancellationToken cancellationToken)
    {
        var id = Alert.IdFor(finding.Rule, finding.Subject);
        var existing = await session.Load<Alert>(Alert.StreamId(id), cancellationToken);
        if (existing.Exists)
        {
            return false;
        }

        var now = store.Now();
        var raised = new AlertRaised(id, finding.Rule, finding.DealId, finding.ListingId, finding.AuctionId, finding.Summary,
            JsonSerializer.SerializeToElement(finding.Evidence, store.Json), now);
        session.Append(Alert.StreamId(id), nameof(Alert), ExpectedVersion.NoStream, raised);
        session.Publish(new Contracts.Monitoring.AlertRaised(id, finding.Rule, finding.DealId, finding.ListingId, finding.AuctionId, finding.Summary, now),
            Alert.StreamId(id));
        return true;
    }
}
