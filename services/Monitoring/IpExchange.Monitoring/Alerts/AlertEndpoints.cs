using System.Text.Json;
using IpExchange.EventStore;
using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Monitoring.Alerts;

public sealed record AcknowledgeRequest(string? Note);

public sealed record ResolveRequest(string? Resolution);

public sealed record AlertView(
    string AlertId, string Rule, string? DealId, string? ListingId, string? AuctionId, string Summary, JsonElement Evidence, DateTimeOffset RaisedAt,
    string Status, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? ResolvedBy, DateTimeOffset? ResolvedAt, string? Resolution, string Link);

/// <summary>Alerts for exchange staff: list them, acknowledge, resolve. A wrong transition answers 409 with the alert's status.</summary>
public static class AlertEndpoints
{
    public static readonly IReadOnlyList<string> Statuses = ["Raised", "Acknowledged", "Resolved"];

    public static void Map(RouteGroupBuilder alerts)
    {
        alerts.MapGet("/", async (string? status, string? rule, string? dealId, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var errors = new FieldErrors();
            errors.Check(status is null || Statuses.Contains(status), "status", $"One of: {string.Join(", ", Statuses)}.");
            errors.Check(rule is null || AlertRules.All.Contains(rule), "rule", $"One of: {string.Join(", ", AlertRules.All)}.");
            errors.ThrowIfAny();
            return Results.Ok((await Find(store, status, rule, dealId, null, cancellationToken)).Select(r => r.View));
        }).WithSummary("Alerts, newest first, by status, rule or deal");

        alerts.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var alert = (await Find(store, null, null, null, id, cancellationToken)).SingleOrDefault() ?? throw new NotFoundException("alert", id);
            http.Response.SetVersionETag(alert.Version);
            return Results.Ok(alert.View);
        });

        alerts.MapPost("/{id}/acknowledge", (string id, AcknowledgeRequest? request, HttpContext http, EventStore.EventStore store) =>
            Transition(id, http, store, (alert, caller, now) =>
            {
                var errors = new FieldErrors();
                var note = errors.Text("note", request?.Note, 2000, required: false);
                errors.ThrowIfAny();
                var (e, refused) = AlertDecisions.Acknowledge(alert, caller.UserId, caller.Name, note, now);
                return (e, refused);
            })).WithSummary("Acknowledge a raised alert");

        alerts.MapPost("/{id}/resolve", (string id, ResolveRequest? request, HttpContext http, EventStore.EventStore store) =>
            Transition(id, http, store, (alert, caller, now) =>
            {
                var errors = new FieldErrors();
                var resolution = errors.Text("resolution", request?.Resolution, 2000);
                errors.ThrowIfAny();
                var (e, refused) = AlertDecisions.Resolve(alert, caller.UserId, caller.Name, resolution!, now);
                return (e, refused);
            })).WithSummary("Resolve an alert, saying what was found");
    }

    private static async Task<IResult> Transition(string id, HttpContext http, EventStore.EventStore store, Func<Alert, Caller, DateTimeOffset, (object?, AlertTransitionRefused?)> decide)
    {
        var caller = http.Caller();
        AlertTransitionRefused? refused = null;
        await store.Execute<Alert>(http, Alert.StreamId(id), aggregate =>
        {
            if (!aggregate.Exists)
            {
                throw new NotFoundException("alert", id);
            }

            var (e, no) = decide(aggregate.State, caller, store.Now());
            refused = no;
            return e is null ? [] : [e];
        });
        if (refused is not null)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The alert cannot make this transition.", detail: refused.Message,
                extensions: new Dictionary<string, object?> { ["rule"] = refused.Rule, ["status"] = refused.Current.ToString() });
        }

        var alert = (await Find(store, null, null, null, id, http.RequestAborted)).Single();
        return Results.Ok(alert.View);
    }

    internal sealed record Row(AlertView View, long Version);

    internal static async Task<IReadOnlyList<Row>> Find(EventStore.EventStore store, string? status, string? rule, string? dealId, string? alertId, CancellationToken cancellationToken,
        IReadOnlyList<string>? listingIds = null)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(store.Sql("""
            SELECT alert_id, rule, deal_id, listing_id, auction_id, summary, evidence::text, raised_at, status, acknowledged_by, acknowledged_at,
                   resolved_by, resolved_at, resolution, version
            FROM {schema}.alerts
            WHERE (@status::text IS NULL OR status = @status) AND (@rule::text IS NULL OR rule = @rule)
              AND (@id::text IS NULL OR alert_id = @id)
              AND (@deal::text IS NULL OR deal_id = @deal OR (@listings::text[] IS NOT NULL AND deal_id IS NULL AND listing_id = ANY(@listings)))
            ORDER BY raised_at DESC, alert_id LIMIT 500
            """), connection);
        cmd.With("status", status).With("rule", rule).With("id", alertId).With("deal", dealId).With("listings", listingIds?.ToArray());
        var rows = new List<Row>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var deal = reader.Get<string>("deal_id");
            var listing = reader.Get<string>("listing_id");
            var link = deal is not null ? $"/api/audit/deals/{deal}" : $"/api/cockpit/listings/{listing}";
            using var evidence = JsonDocument.Parse(reader.GetString(6));
            rows.Add(new Row(new AlertView(reader.GetString(0), reader.GetString(1), deal, listing, reader.Get<string>("auction_id"), reader.GetString(5),
                evidence.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8), reader.Get<string>("acknowledged_by"),
                reader.Get<DateTimeOffset?>("acknowledged_at"), reader.Get<string>("resolved_by"), reader.Get<DateTimeOffset?>("resolved_at"),
                reader.Get<string>("resolution"), link), reader.GetInt64(14)));
        }

        return rows;
    }
}
