using System.Text.Json;
using IpExchange.EventStore;
using IpExchange.Monitoring.Alerts;
using IpExchange.ServiceDefaults;
using IpExchange.Monitoring.Pipeline;
using Marten;

namespace IpExchange.Monitoring.Audit;

public sealed record TimelineEntry(
    long Sequence, string StreamId, long Version, string SourceService, string EventType, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt,
    Guid? MessageId, string Hash, JsonElement Data);

public sealed record DealAudit(string DealId, string? ListingId, IReadOnlyList<string> AuctionIds, IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<ChainVerification> Verification, bool AllIntact, IReadOnlyList<SourceCheck> Sources);

/// <summary>
/// A deal's whole record across services, exchange staff only: every fact about the deal, its
/// listing, the listing's auctions and their alerts, in the order they happened, with the hash-chain
/// verification of each of Monitoring's streams that holds them.
/// </summary>
public static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder audit) =>
        audit.MapGet("/deals/{dealId}", async (string dealId, HttpContext http, EventStore.EventStore store, SourceEvidence sources, CancellationToken cancellationToken) =>
            Results.Ok(await Of(store, dealId, cancellationToken, sources, http.Request.Headers.Authorization.ToString())))
            .Produces<DealAudit>().WithSummary("The deal's ordered timeline across services, with each stream's hash-chain verification");

    public static async Task<DealAudit> Of(EventStore.EventStore store, string dealId, CancellationToken cancellationToken, SourceEvidence? sources = null, string? authorization = null)
    {
        var dealStream = Facts.Facts.DealStream(dealId);
        var dealEvents = await store.ReadStream(dealStream, cancellationToken);
        if (dealEvents.Count == 0)
        {
            throw new NotFoundException("deal", dealId);
        }

        // Who and what from the deal's own facts, not its document: the audit does not wait for the daemon.
        var deal = dealEvents.Aggregate(DealView.Start(dealStream), (view, e) => DealView.Evolve(view, e.Data));
        var listingId = deal.ListingId;
        var agreementId = deal.AgreementId;
        var auctions = new List<string>();
        var alertIds = new List<string>();
        await using (var session = store.Marten.QuerySession())
        {
            if (listingId is not null)
            {
                auctions.AddRange((await session.Query<AuctionView>().Where(a => a.ListingId == listingId).ToListAsync(cancellationToken))
                    .Select(a => a.AuctionId).Order(StringComparer.Ordinal));
            }

            var alerts = listingId is null
                ? session.Query<AlertView>().Where(a => a.DealId == dealId)
                : session.Query<AlertView>().Where(a => a.DealId == dealId || (a.DealId == null && a.ListingId == listingId));
            alertIds.AddRange((await alerts.ToListAsync(cancellationToken)).Select(a => a.AlertId).Order(StringComparer.Ordinal));
        }

        var streams = new List<string> { dealStream };
        if (listingId is not null)
        {
            streams.Add(Facts.Facts.ListingStream(listingId));
        }

        streams.AddRange(auctions.Select(Facts.Facts.AuctionStream));
        streams.AddRange(alertIds.Select(Alert.StreamId));

        var timeline = new List<TimelineEntry>();
        var verification = new List<ChainVerification>();
        foreach (var stream in streams)
        {
            var events = stream == dealStream ? dealEvents : await store.ReadStream(stream, cancellationToken);
            timeline.AddRange(events.Select(e => new TimelineEntry(e.Sequence, e.StreamId, e.Version, Facts.Facts.SourceOf(e.Data), e.EventType,
                Facts.Facts.OccurredAt(e.Data), e.Timestamp, e.Metadata.CausationId, e.Hash, JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), store.Json))));
            verification.Add(await store.VerifyStream(stream, cancellationToken));
        }

        // The source services' own chains behind the deal: the listing's, each auction's, the agreement's.
        var checks = new List<Task<SourceCheck>>();
        if (sources is not null)
        {
            if (listingId is not null)
            {
                checks.Add(sources.Check("listing", $"listing-{listingId}", $"api/evidence/streams/{Uri.EscapeDataString($"listing-{listingId}")}", authorization, cancellationToken));
            }

            checks.AddRange(auctions.Select(a => sources.Check("matching", $"auction-{a}", $"api/evidence/streams/{Uri.EscapeDataString($"auction-{a}")}", authorization, cancellationToken)));
            if (agreementId is not null)
            {
                checks.Add(sources.Check("contract", $"agreement {agreementId}", $"api/agreements/{Uri.EscapeDataString(agreementId)}/evidence", authorization, cancellationToken));
            }
        }

        return new DealAudit(dealId, listingId, auctions, timeline.OrderBy(t => t.OccurredAt).ThenBy(t => t.Sequence).ToList(), verification,
            verification.All(v => v.IsIntact), await Task.WhenAll(checks));
    }
}
