using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Listing.Patents.Querying;

public sealed record PatentSummary(string Id, string Title, string? TitleEn, string Type, IReadOnlyList<string> IpcCodes, DateOnly ExpiresOn, string LegalStatus, bool Pledged, int ActiveListings, string OwnerOrganisationId);

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
        }).WithSummary("A patent of the caller's organisation (the exchange sees all)");

        patents.MapGet("/", async (HttpContext http, EventStore.EventStore store, string? owner, int? page, int? pageSize) =>
        {
            var caller = http.Caller();
            // Universities see their own; the exchange any owner's (or all).
            var ownerFilter = caller.IsExchange ? owner : caller.OrganisationId;
            var (p, size) = Paging.Of(page, pageSize);
            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            await using var cmd = new NpgsqlCommand(store.Sql("""
                SELECT id, title, title_en, type, ipc_codes, expires_on, legal_status, pledged, active_listings, owner_org, count(*) OVER ()
                FROM {schema}.patents WHERE (@owner::text IS NULL OR owner_org = @owner)
                ORDER BY registered_at DESC, id LIMIT @limit OFFSET @offset
                """), connection);
            cmd.Parameters.AddWithValue("owner", (object?)ownerFilter ?? DBNull.Value);
            cmd.Parameters.AddWithValue("limit", size);
            cmd.Parameters.AddWithValue("offset", (p - 1) * size);
            var items = new List<PatentSummary>();
            long total = 0;
            await using var reader = await cmd.ExecuteReaderAsync(http.RequestAborted);
            while (await reader.ReadAsync(http.RequestAborted))
            {
                items.Add(new PatentSummary(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                    reader.GetFieldValue<string[]>(4), reader.GetFieldValue<DateOnly>(5), reader.GetString(6), reader.GetBoolean(7), reader.GetInt32(8), reader.GetString(9)));
                total = reader.GetInt64(10);
            }

            return Results.Ok(new Page<PatentSummary>(items, p, size, total));
        }).WithSummary("Patents of the caller's organisation, newest first, paged");
    }
}

public static class Paging
{
    public static (int Page, int Size) Of(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        errors.Check(page is null or >= 1, "page", "Pages start at 1.");
        errors.Check(pageSize is null or (>= 1 and <= 100), "pageSize", "Page size is between 1 and 100.");
        errors.ThrowIfAny();
        return (page ?? 1, pageSize ?? 20);
    }
}
