using System.Text.Json;
using IpExchange.EventStore;

namespace IpExchange.Monitoring.Alerts;

/// <summary>Turns a rule's finding into an alert in the session: once per rule and subject (announced by the integration map).</summary>
public static class AlertRaising
{
    public static async Task<bool> Raise(EventSession session, EventStore.EventStore store, Finding finding, CancellationToken cancellationToken)
    {
        var id = Alert.IdFor(finding.Rule, finding.Subject);
        var alert = await session.Load<Alert>(Alert.StreamId(id), cancellationToken);
        if (alert.Exists)
        {
            return false;
        }

        session.Append(alert, new AlertRaised(id, finding.Rule, finding.DealId, finding.ListingId, finding.AuctionId, finding.Summary,
            JsonSerializer.SerializeToElement(finding.Evidence, store.Json), store.Now(), finding.LoanId, finding.PatentId));
        return true;
    }
}
