using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Matching.Deals;

public sealed record DealView(
    string DealId, string ListingId, string SellerOrganisationId, string BuyerOrganisationId, decimal Price, string DealKind, string TradingMode,
    string PricingMethod, string Source, string Status, string? Reason, DateTimeOffset StruckAt, DateTimeOffset UpdatedAt);

public sealed record DealPage(IReadOnlyList<DealView> Items, int Page, int PageSize, long Total);

/// <summary>The deals struck here and what became of them: the parties see their own (and why one was refused), the exchange all.</summary>
public static class DealEndpoints
{
    private const string Columns = "deal_id, listing_id, seller_org, buyer_org, price, deal_kind, trading_mode, pricing_method, source, status, reason, struck_at, updated_at";

    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapGet("/", async (HttpContext http, EventStore.EventStore store, string? status, string? listingId, int? page, int? pageSize) =>
        {
            var caller = http.Caller();
            var (p, size) = (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, 100));
            const string filter = """
                WHERE (@all OR seller_org = @org OR buyer_org = @org)
                  AND (@status::text IS NULL OR status = @status) AND (@listing::text IS NULL OR listing_id = @listing)
                """;
            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            await using var cmd = new NpgsqlCommand(store.Sql($"""
                SELECT {Columns}, count(*) OVER () FROM {"{schema}"}.deals {filter}
                ORDER BY struck_at DESC, deal_id LIMIT @limit OFFSET @offset
                """), connection);
            cmd.Parameters.AddWithValue("all", caller.IsExchange);
            cmd.Parameters.AddWithValue("org", caller.OrganisationId);
            cmd.Parameters.AddWithValue("status", (object?)status ?? DBNull.Value);
            cmd.Parameters.AddWithValue("listing", (object?)listingId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("limit", size);
            cmd.Parameters.AddWithValue("offset", (p - 1) * size);
            var items = new List<DealView>();
            long total = 0;
            await using var reader = await cmd.ExecuteReaderAsync(http.RequestAborted);
            while (await reader.ReadAsync(http.RequestAborted))
            {
                items.Add(Read(reader));
                total = reader.GetInt64(13);
            }

            return Results.Ok(new DealPage(items, p, size, total));
        }).WithSummary("The caller's deals (as seller or buyer), newest first; all deals for exchange staff");

        deals.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            await using var cmd = new NpgsqlCommand(store.Sql($"SELECT {Columns} FROM {"{schema}"}.deals WHERE deal_id = @id"), connection);
            cmd.Parameters.AddWithValue("id", id);
            await using var reader = await cmd.ExecuteReaderAsync(http.RequestAborted);
            if (!await reader.ReadAsync(http.RequestAborted))
            {
                throw new NotFoundException("deal", id);
            }

            var deal = Read(reader);
            // Not a party: the deal does not exist for the caller.
            return caller.IsExchange || caller.OrganisationId == deal.SellerOrganisationId || caller.OrganisationId == deal.BuyerOrganisationId
                ? Results.Ok(deal)
                : throw new NotFoundException("deal", id);
        }).WithSummary("One deal: its terms, status (struck, reserved, licensed, completed, refused, released) and why");
    }

    private static DealView Read(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetDecimal(4), r.GetString(5), r.GetString(6), r.GetString(7),
            r.GetString(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10), r.GetFieldValue<DateTimeOffset>(11), r.GetFieldValue<DateTimeOffset>(12));
}
