using Marten;
using Marten.Linq;

namespace IpExchange.Identity.Organisations.Querying;

public sealed record OrganisationPage(IReadOnlyList<OrganisationResponse> Items, int PageNumber, int PageSize, long Total);

/// <summary>The member review queue and the member list (exchange staff), and an organisation's own page.</summary>
public static class OrganisationQueries
{
    public static void Map(RouteGroupBuilder organisations)
    {
        organisations.MapGet("/", async (EventStore.EventStore store, OrganisationStatus? status, string? q, int? page, int? pageSize, CancellationToken cancellationToken) =>
        {
            var size = Math.Clamp(pageSize ?? 20, 1, 100);
            var number = Math.Max(1, page ?? 1);
            await using var session = store.Marten.QuerySession();
            IQueryable<OrganisationView> query = session.Query<OrganisationView>().Stats(out QueryStatistics stats);
            if (status is { } wanted)
            {
                query = query.Where(o => o.Status == wanted);
            }

            if (!string.IsNullOrWhiteSpace(q))
            {
                var text = q.Trim();
                var code = text.ToUpperInvariant();
                query = query.Where(o => o.LegalName.Contains(text) || o.CreditCode.StartsWith(code, StringComparison.Ordinal) || o.OrganisationId == text);
            }

            // The review queue is worked oldest first; any other list shows the newest first.
            query = status == OrganisationStatus.Applied ? query.OrderBy(o => o.AppliedAt) : query.OrderByDescending(o => o.AppliedAt);
            var items = await query.Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
            return Results.Ok(new OrganisationPage([.. items.Select(OrganisationResponse.From)], number, size, stats.TotalResults));
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithSummary("Members and applications (exchange staff); status=Applied is the review queue, oldest first");

        organisations.MapGet("/mine", async (HttpContext http, EventStore.EventStore store) =>
            await OrganisationAccess.Answer(store, http, http.Caller().OrganisationId))
            .WithSummary("The caller's own organisation");

        organisations.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            OrganisationAccess.RequireVisible(id, http.Caller());
            return await OrganisationAccess.Answer(store, http, id);
        })
        .WithSummary("One organisation (exchange staff, or its own users)");
    }
}
