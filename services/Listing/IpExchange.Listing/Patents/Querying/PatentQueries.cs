using IpExchange.ServiceDefaults;
using Marten;
using Marten.Pagination;

namespace IpExchange.Listing.Patents.Querying;

public sealed record PatentSummary(string Id, string Title, string? TitleEn, string Type, IReadOnlyList<string> IpcCodes, DateOnly ExpiresOn, string LegalStatus, bool Pledged, int ActiveListings, string OwnerOrganisationId, string? LocarnoClass)
{
    public static PatentSummary From(OwnedPatent p) =>
        new(p.Number, p.Title, p.TitleEn, p.Type.ToString(), p.IpcCodes, p.ExpiresOn, p.LegalStatus.ToString(), p.Pledged, p.ActiveListingIds.Count, p.OwnerOrganisationId,
            p.LocarnoClass);
}

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total);

public static class PatentQueries
{
    public static void Map(RouteGroupBuilder patents)
    {
        patents.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var patent = await store.Load<Patent>(Patent.StreamId(PatentAccess.Normalize(id)), http.RequestAborted);
            if (!PatentAccess.CanRead(patent.State, http.Caller()))
            {
                throw new NotFoundException("patent", id);
            }

            http.Response.SetVersionETag(patent.Version);
            return Results.Ok(PatentView.From(patent.State, patent.Version));
        }).Produces<PatentView>().WithSummary("A patent of the caller's organisation (the exchange sees all)");

        patents.MapGet("/", async (HttpContext http, EventStore.EventStore store, string? owner, int? page, int? pageSize) =>
        {
            var caller = http.Caller();
            // Universities see their own; the exchange any owner's (or all).
            var ownerFilter = caller.IsExchange ? owner : caller.OrganisationId;
            var (p, size) = Paging.Of(page, pageSize);
            await using var query = store.Marten.QuerySession();
            IQueryable<OwnedPatent> owned = query.Query<OwnedPatent>();
            if (ownerFilter is not null)
            {
                owned = owned.Where(x => x.OwnerOrganisationId == ownerFilter);
            }

            var found = await owned.OrderByDescending(x => x.RegisteredAt).ThenBy(x => x.Id).ToPagedListAsync(p, size, http.RequestAborted);
            return Results.Ok(new Page<PatentSummary>(found.Select(PatentSummary.From).ToList(), p, size, found.TotalItemCount));
        }).Produces<Page<PatentSummary>>().WithSummary("Patents of the caller's organisation, newest first, paged");
    }
}

public static class Paging
{
    public static (int Page, int Size) Of(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        errors.Range("page", page, 1, 100_000, required: false);
        errors.Range("pageSize", pageSize, 1, 100, required: false);
        errors.ThrowIfAny();
        return (page ?? 1, pageSize ?? 20);
    }
}
