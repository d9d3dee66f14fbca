using IpExchange.Contracts.Deals;
using IpExchange.EventStore;

namespace IpExchange.Monitoring.Alerts;

/// <summary>The <c>alerts</c> table: each alert's evidence and status, from its stream.</summary>
public sealed class AlertProjection : IInlineProjection
{
    public async Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken)
    {
        switch (@event.Data)
        {
            case AlertRaised e:
                await using (var cmd = context.Command("""
                    INSERT INTO {schema}.alerts (alert_id, rule, deal_id, listing_id, auction_id, summary, evidence, raised_at, status, version)
                    VALUES (@id, @rule, @deal, @listing, @auction, @summary, @evidence::jsonb, @at, 'Raised', @version)
                    """))
                {
                    await cmd.With("id", e.AlertId).With("rule", e.Rule).With("deal", e.DealId).With("listing", e.ListingId).With("auction", e.AuctionId)
                        .With("summary", e.Summary).With("evidence", e.Evidence.GetRawText()).With("at", e.RaisedAt).With("version", @event.Version)
                        .ExecuteNonQueryAsync(cancellationToken);
                }

                break;
            case AlertAcknowledged e:
                await using (var cmd = context.Command("""
                    UPDATE {schema}.alerts SET status = 'Acknowledged', acknowledged_by = @by, acknowledged_at = @at, version = @version WHERE alert_id = @id
                    """))
                {
                    await cmd.With("id", e.AlertId).With("by", e.UserName).With("at", e.AcknowledgedAt).With("version", @event.Version).ExecuteNonQueryAsync(cancellationToken);
                }

                break;
            case AlertResolved e:
                await using (var cmd = context.Command("""
                    UPDATE {schema}.alerts SET status = 'Resolved', resolved_by = @by, resolved_at = @at, resolution = @resolution, version = @version
                    WHERE alert_id = @id
                    """))
                {
                    await cmd.With("id", e.AlertId).With("by", e.UserName).With("at", e.ResolvedAt).With("resolution", e.Resolution)
                        .With("version", @event.Version).ExecuteNonQueryAsync(cancellationToken);
                }

                break;
            case DealStruck e:
                // An auction's alerts are raised before its deal exists; the deal it ends in takes them over.
                await using (var cmd = context.Command("UPDATE {schema}.alerts SET deal_id = @deal WHERE listing_id = @listing AND deal_id IS NULL AND auction_id IS NOT NULL"))
                {
                    await cmd.With("deal", e.DealId).With("listing", e.ListingId).ExecuteNonQueryAsync(cancellationToken);
                }

                break;
        }
    }
}
