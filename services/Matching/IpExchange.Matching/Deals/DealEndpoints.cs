using Dapper;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Deals;

public sealed record DealView(
    string DealId, string ListingId, string SellerOrganisationId, string BuyerOrganisationId, decimal Price, string DealKind, string TradingMode,
    string PricingMethod, string Source, string Status, string? Reason, DateTimeOffset StruckAt, DateTimeOffset UpdatedAt);

public sealed record DealPage(IReadOnlyList<DealView> Items, int Page, int PageSize, long Total);

/// <summary>The deals struck here and what became of them: the parties see their own (and why one was refused), the exchange all.</summary>
public static class DealEndpoints
{
    private const string Columns = """
        deal_id AS DealId, listing_id AS ListingId, seller_org AS SellerOrganisationId, buyer_org AS BuyerOrganisationId, price AS Price,
        deal_kind AS DealKind, trading_mode AS TradingMode, pricing_method AS PricingMethod, source AS Source, status AS Status, reason AS Reason,
        struck_at AS StruckAt, updated_at AS UpdatedAt
        """;

    public static void Map(RouteGroupBuilder deals)
    {
        deals.MapGet("/", async (HttpContext http, EventStore.EventStore store, string? status, string? listingId, int? page, int? pageSize) =>
        {
            var caller = http.Caller();
            var (p, size) = (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, 100));
            const string filter = """
                WHERE (@all OR seller_org = @org OR buyer_org = @org)
                  AND (@status::text IS NULL OR status = @status) AND (@listingId::text IS NULL OR listing_id = @listingId)
                """;
            var args = new { all = caller.IsExchange, org = caller.OrganisationId, status, listingId, limit = size, offset = (p - 1) * size };
            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            var items = (await connection.QueryAsync<DealRow>(new CommandDefinition(
                store.Sql($"SELECT {Columns} FROM {"{schema}"}.deals {filter} ORDER BY struck_at DESC, deal_id LIMIT @limit OFFSET @offset"), args,
                cancellationToken: http.RequestAborted))).Select(r => r.View()).ToList();
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                store.Sql($"SELECT count(*) FROM {"{schema}"}.deals {filter}"), args, cancellationToken: http.RequestAborted));
            return Results.Ok(new DealPage(items, p, size, total));
        }).Produces<DealPage>().WithSummary("The caller's deals (as seller or buyer), newest first; all deals for exchange staff");

        deals.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            var deal = (await connection.QuerySingleOrDefaultAsync<DealRow>(new CommandDefinition(
                store.Sql($"SELECT {Columns} FROM {"{schema}"}.deals WHERE deal_id = @id"), new { id }, cancellationToken: http.RequestAborted)))?.View()
                ?? throw new NotFoundException("deal", id);

            // Not a party: the deal does not exist for the caller.
            return caller.IsExchange || caller.OrganisationId == deal.SellerOrganisationId || caller.OrganisationId == deal.BuyerOrganisationId
                ? Results.Ok(deal)
                : throw new NotFoundException("deal", id);
        }).Produces<DealView>().WithSummary("One deal: its terms, status (struck, reserved, licensed, completed, refused, released) and why");
    }

    /// <summary>A row as Dapper maps it by column name (Npgsql reads timestamptz as a UTC DateTime, converted on the way to the view).</summary>
    private sealed class DealRow
    {
        public string DealId { get; init; } = "";
        public string ListingId { get; init; } = "";
        public string SellerOrganisationId { get; init; } = "";
        public string BuyerOrganisationId { get; init; } = "";
        public decimal Price { get; init; }
        public string DealKind { get; init; } = "";
        public string TradingMode { get; init; } = "";
        public string PricingMethod { get; init; } = "";
        public string Source { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Reason { get; init; }
        public DateTimeOffset StruckAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public DealView View() => new(DealId, ListingId, SellerOrganisationId, BuyerOrganisationId, Price, DealKind, TradingMode, PricingMethod, Source,
            Status, Reason, StruckAt, UpdatedAt);
    }
}
