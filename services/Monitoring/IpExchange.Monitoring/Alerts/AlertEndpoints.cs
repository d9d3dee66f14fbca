using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using IpExchange.EventStore;
using IpExchange.Monitoring.Live;
using IpExchange.Monitoring.Pipeline;
using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Monitoring.Alerts;

public sealed record AcknowledgeRequest(string? Note);

public sealed record ResolveRequest([Required] string? Resolution);

/// <summary>An alert as staff see it, with the deal it concerns and a link to look into it.</summary>
public sealed record LinkedAlert(
    string AlertId, string Rule, string? DealId, string? ListingId, string? AuctionId, string Summary, JsonElement Evidence, DateTimeOffset RaisedAt,
    string Status, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? ResolvedBy, DateTimeOffset? ResolvedAt, string? Resolution, string Link,
    string? LoanId = null);

/// <summary>Alerts for exchange staff: list them, acknowledge, resolve. A wrong transition answers 409 with the alert's status.</summary>
public static class AlertEndpoints
{
    public static readonly IReadOnlyList<string> Statuses = ["Raised", "Acknowledged", "Resolved"];

    public static void Map(RouteGroupBuilder alerts)
    {
        alerts.MapGet("/", async (string? status, string? rule, string? dealId, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var errors = new FieldErrors();
            errors.Check(status is null || Statuses.Contains(status), "status", FieldCodes.NotAllowedValue, $"One of: {string.Join(", ", Statuses)}.", ("allowed", Statuses.ToArray()));
            errors.Check(rule is null || AlertRules.All.Contains(rule), "rule", FieldCodes.NotAllowedValue, $"One of: {string.Join(", ", AlertRules.All)}.", ("allowed", AlertRules.All.ToArray()));
            errors.ThrowIfAny();
            return Results.Ok((await Find(store, status, rule, dealId, null, cancellationToken)).Select(r => r.View));
        }).Produces<List<LinkedAlert>>().WithSummary("Alerts, newest first, by status, rule or deal");

        alerts.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var alert = (await Find(store, null, null, null, id, cancellationToken)).SingleOrDefault() ?? throw new NotFoundException("alert", id);
            http.Response.SetVersionETag(alert.Version);
            return Results.Ok(alert.View);
        }).Produces<LinkedAlert>().WithSummary("One alert with its evidence");

        alerts.MapPost("/{id}/acknowledge", (string id, AcknowledgeRequest? request, HttpContext http, EventStore.EventStore store) =>
            Transition(id, http, store, (alert, caller, now) =>
            {
                var errors = new FieldErrors();
                var note = errors.Text("note", request?.Note, 2000, required: false);
                errors.ThrowIfAny();
                var (e, refused) = AlertDecisions.Acknowledge(alert, caller.UserId, caller.Name, note, now);
                return (e, refused);
            })).Produces<LinkedAlert>().WithSummary("Acknowledge a raised alert");

        alerts.MapPost("/{id}/resolve", (string id, ResolveRequest? request, HttpContext http, EventStore.EventStore store) =>
            Transition(id, http, store, (alert, caller, now) =>
            {
                var errors = new FieldErrors();
                var resolution = errors.Text("resolution", request?.Resolution, 2000);
                errors.ThrowIfAny();
                var (e, refused) = AlertDecisions.Resolve(alert, caller.UserId, caller.Name, resolution!, now);
                return (e, refused);
            })).Produces<LinkedAlert>().WithSummary("Resolve an alert, saying what was found");
    }

    private static async Task<IResult> Transition(string id, HttpContext http, EventStore.EventStore store, Func<Alert, Caller, DateTimeOffset, (object?, AlertTransitionRefused?)> decide)
    {
        var caller = http.Caller();
        AlertTransitionRefused? refused = null;
        await store.Execute<Alert>(http, Alert.StreamId(id), (aggregate, session) =>
        {
            if (!aggregate.Exists)
            {
                throw new NotFoundException("alert", id);
            }

            var (e, no) = decide(aggregate.State, caller, store.Now());
            refused = no;
            if (e is null)
            {
                return Task.FromResult<IReadOnlyList<object>>([]);
            }

            // The alert's document changes inline, in this transaction: the live feed's alert figures with it.
            CockpitChangeNotice.Queue(session.Marten, store.Schema);
            return Task.FromResult<IReadOnlyList<object>>([e]);
        });
        if (refused is not null)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The alert cannot make this transition.", detail: refused.Message,
                extensions: new Dictionary<string, object?> { ["rule"] = refused.Rule, ["status"] = refused.Current.ToString() });
        }

        var alert = (await Find(store, null, null, null, id, http.RequestAborted)).Single();
        return Results.Ok(alert.View);
    }

    internal sealed record Row(LinkedAlert View, long Version);

    /// <summary>
    /// Alerts newest first, with LINQ over the alert documents. An auction's alerts are raised
    /// before there is a deal; they are shown with the deal struck on the auction's listing, read
    /// when they are asked for, so it does not matter which was heard first.
    /// </summary>
    internal static async Task<IReadOnlyList<Row>> Find(EventStore.EventStore store, string? status, string? rule, string? dealId, string? alertId, CancellationToken cancellationToken)
    {
        await using var session = store.Marten.QuerySession();
        IQueryable<AlertView> query = session.Query<AlertView>();
        if (status is not null)
        {
            query = query.Where(a => a.Status == status);
        }

        if (rule is not null)
        {
            query = query.Where(a => a.Rule == rule);
        }

        if (alertId is not null)
        {
            var streamId = Alert.StreamId(alertId);
            query = query.Where(a => a.Id == streamId);
        }

        string? dealListing = null;
        if (dealId is not null)
        {
            dealListing = (await session.LoadAsync<DealView>(Facts.Facts.DealStream(dealId), cancellationToken))?.ListingId;
            query = dealListing is null
                ? query.Where(a => a.DealId == dealId)
                : query.Where(a => a.DealId == dealId || (a.DealId == null && a.AuctionId != null && a.ListingId == dealListing));
        }

        var alerts = await query.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id).Take(500).ToListAsync(cancellationToken);
        var auctionListings = alerts.Where(a => a.DealId is null && a.AuctionId is not null && a.ListingId is not null).Select(a => a.ListingId!).Distinct().ToArray();
        var dealOfListing = new Dictionary<string, string>(StringComparer.Ordinal);
        if (auctionListings.Length > 0)
        {
            var deals = await session.Query<DealView>().Where(d => d.ListingId != null && auctionListings.Contains(d.ListingId)).ToListAsync(cancellationToken);
            foreach (var deal in deals.OrderBy(d => d.CountedAt).ThenBy(d => d.Id))
            {
                dealOfListing.TryAdd(deal.ListingId!, deal.DealId);
            }
        }

        return alerts.Select(a =>
        {
            var deal = a.DealId ?? (a.AuctionId is null || a.ListingId is null ? null
                : a.ListingId == dealListing ? dealId : dealOfListing.GetValueOrDefault(a.ListingId));
            var link = deal is not null ? $"/api/audit/deals/{deal}" : a.LoanId is not null ? $"/api/loans/{a.LoanId}" : $"/api/cockpit/listings/{a.ListingId}";
            return new Row(new LinkedAlert(a.AlertId, a.Rule, deal, a.ListingId, a.AuctionId, a.Summary, a.Evidence, a.RaisedAt, a.Status,
                a.AcknowledgedBy, a.AcknowledgedAt, a.ResolvedBy, a.ResolvedAt, a.Resolution, link, a.LoanId), a.Version);
        }).ToList();
    }
}
