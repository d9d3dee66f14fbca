using IpExchange.Contracts;
using IpExchange.Listing.Patents;
using IpExchange.Listing.Patents.Querying;
using IpExchange.ServiceDefaults;
using IpExchange.Text;
using Npgsql;

namespace IpExchange.Listing.Listings.Querying;

public sealed record ListingSummary(
    string Id, string Status, string Title, string? TitleEn, string Summary, string OwnerOrganisationId, string OwnerOrganisationName,
    string? Region, string DealKind, string PricingMethod, string TradingMode, decimal AskingPrice, decimal? OpenLicenceFee,
    DateOnly ListedFrom, DateOnly ListedUntil, IReadOnlyList<string> PatentIds, IReadOnlyList<string> IpcCodes, int LicenceCount,
    DateTimeOffset? PublishedAt, double Relevance);

public sealed record ListingHistoryEntry(long Version, string Event, object Data, string? UserId, string? OrganisationId, DateTimeOffset At, string Hash);

public sealed record ListingHistory(string ListingId, IReadOnlyList<ListingHistoryEntry> Events, IpExchange.EventStore.ChainVerification Verification);

public static class ListingQueries
{
    private static readonly string[] PublicStatuses = [nameof(ListingStatus.Public)];

    public static void Map(RouteGroupBuilder listings)
    {
        listings.MapGet("/", Search).WithSummary(
            "Search listings: q (Chinese or English), ipc prefix, dealKind, tradingMode, pricingMethod, minPrice, maxPrice, status, owner ('mine' or an id), page, pageSize");

        listings.MapGet("/review-queue", (HttpContext http, EventStore.EventStore store, int? page, int? pageSize) =>
                Search(http, store, null, null, null, null, null, null, null, [nameof(ListingStatus.Submitted)], null, page, pageSize, oldestFirst: true))
            .RequireAuthorization(IdentitySetup.ExchangePolicy)
            .WithSummary("Listings waiting for review, oldest first (审核队列)");

        listings.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var listing = await store.Load<Listing>(Listing.StreamId(id), http.RequestAborted);
            if (!ListingAccess.CanRead(listing.State, http.Caller()))
            {
                throw new NotFoundException("listing", id);
            }

            http.Response.SetVersionETag(listing.Version);
            return Results.Ok(ListingView.From(listing.State, listing.Version, http.Caller()));
        }).WithSummary("A listing's details");

        listings.MapGet("/{id}/history", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            var streamId = Listing.StreamId(id);
            var listing = await store.Load<Listing>(streamId, http.RequestAborted);
            // The full record (who did what) is for the owner and the exchange.
            if (!listing.State.Exists || !(caller.IsExchange || listing.State.OwnerOrganisationId == caller.OrganisationId))
            {
                throw new NotFoundException("listing", id);
            }

            var events = await store.ReadStream(streamId, http.RequestAborted);
            var verification = await store.VerifyStream(streamId, http.RequestAborted);
            return Results.Ok(new ListingHistory(id,
                events.Select(e => new ListingHistoryEntry(e.Version, e.EventType, e.Data, e.Metadata.UserId, e.Metadata.OrganisationId, e.Timestamp, e.Hash)).ToList(),
                verification));
        }).WithSummary("Every change of the listing, in order, with who and when, and its hash-chain verification");
    }

    private static async Task<IResult> Search(
        HttpContext http, EventStore.EventStore store,
        string? q, string? ipc, DealKind? dealKind, TradingMode? tradingMode, PricingMethod? pricingMethod,
        decimal? minPrice, decimal? maxPrice, string[]? status, string? owner, int? page, int? pageSize, bool oldestFirst = false)
    {
        var caller = http.Caller();
        var (p, size) = Paging.Of(page, pageSize);
        var errors = new FieldErrors();
        errors.Check(minPrice is null or >= 0, "minPrice", "The price range starts at zero or more.");
        errors.Check(maxPrice is null || minPrice is null || maxPrice >= minPrice, "maxPrice", "The price range ends at or above its start.");
        errors.Check((q ?? "").Length <= 200, "q", "At most 200 characters.");
        var statuses = status is { Length: > 0 } ? status : PublicStatuses;
        foreach (var s in statuses)
        {
            errors.Check(Enum.TryParse<ListingStatus>(s, ignoreCase: false, out var parsed) && parsed != ListingStatus.None, "status", $"'{s}' is not a listing status.");
        }

        var ipcPrefix = IpcPrefix(ipc, errors);
        errors.ThrowIfAny();

        // Owner "mine" shows all of the caller's listings; the exchange sees every state; anyone else
        // only what went public, and alliance listings only as a member.
        var ownerFilter = owner == "mine" ? caller.OrganisationId : owner;
        var seesAll = caller.IsExchange || (ownerFilter is not null && ownerFilter == caller.OrganisationId);
        var tsQuery = SearchTerms.Query(q);

        await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
        await using var cmd = new NpgsqlCommand(store.Sql($$"""
            SELECT id, status, title, title_en, summary, owner_org, owner_name, region, deal_kind, pricing_method, trading_mode,
                   asking_price, open_licence_fee, listed_from, listed_until, patent_ids, ipc_codes, licence_count, published_at,
                   CASE WHEN @q::text IS NULL THEN 0 ELSE ts_rank(search, to_tsquery('simple', @q), 1) END AS relevance,
                   count(*) OVER () AS total
            FROM {schema}.listings
            WHERE status = ANY(@statuses)
              AND (@q::text IS NULL OR search @@ to_tsquery('simple', @q))
              AND (@ipc::text IS NULL OR EXISTS (SELECT 1 FROM unnest(ipc_codes) c WHERE replace(c, ' ', '') LIKE @ipc))
              AND (@deal_kind::text IS NULL OR deal_kind = @deal_kind)
              AND (@mode::text IS NULL OR trading_mode = @mode)
              AND (@pricing::text IS NULL OR pricing_method = @pricing)
              AND (@min::numeric IS NULL OR asking_price >= @min)
              AND (@max::numeric IS NULL OR asking_price <= @max)
              AND (@owner::text IS NULL OR owner_org = @owner)
              AND (@sees_all OR (status IN ('Public', 'Reserved', 'Sold')
                                 AND (alliance_id IS NULL OR @caller = ANY(alliance_members) OR owner_org = @caller)))
            ORDER BY {{(oldestFirst ? "updated_at ASC" : "relevance DESC, published_at DESC NULLS LAST, updated_at DESC")}}, id
            LIMIT @limit OFFSET @offset
            """), connection);
        cmd.Parameters.AddWithValue("statuses", statuses);
        cmd.Parameters.AddWithValue("q", (object?)tsQuery ?? DBNull.Value);
        cmd.Parameters.AddWithValue("ipc", (object?)ipcPrefix ?? DBNull.Value);
        cmd.Parameters.AddWithValue("deal_kind", (object?)dealKind?.ToString() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("mode", (object?)tradingMode?.ToString() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("pricing", (object?)pricingMethod?.ToString() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("min", (object?)minPrice ?? DBNull.Value);
        cmd.Parameters.AddWithValue("max", (object?)maxPrice ?? DBNull.Value);
        cmd.Parameters.AddWithValue("owner", (object?)ownerFilter ?? DBNull.Value);
        cmd.Parameters.AddWithValue("sees_all", seesAll);
        cmd.Parameters.AddWithValue("caller", caller.OrganisationId);
        cmd.Parameters.AddWithValue("limit", size);
        cmd.Parameters.AddWithValue("offset", (p - 1) * size);

        var items = new List<ListingSummary>();
        long total = 0;
        await using var reader = await cmd.ExecuteReaderAsync(http.RequestAborted);
        while (await reader.ReadAsync(http.RequestAborted))
        {
            items.Add(new ListingSummary(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8), reader.GetString(9),
                reader.GetString(10), reader.GetDecimal(11), reader.IsDBNull(12) ? null : reader.GetDecimal(12), reader.GetFieldValue<DateOnly>(13),
                reader.GetFieldValue<DateOnly>(14), reader.GetFieldValue<string[]>(15), reader.GetFieldValue<string[]>(16), reader.GetInt32(17),
                reader.IsDBNull(18) ? null : reader.GetFieldValue<DateTimeOffset>(18), reader.GetFloat(19)));
            total = reader.GetInt64(20);
        }

        return Results.Ok(new Page<ListingSummary>(items, p, size, total));
    }

    /// <summary>"H02M", "H02M 7", "H02M 7/48" as a LIKE pattern over codes without spaces; a main group ends at its slash.</summary>
    private static string? IpcPrefix(string? ipc, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(ipc))
        {
            return null;
        }

        var compact = ipc.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (!System.Text.RegularExpressions.Regex.IsMatch(compact, @"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{0,6})?)?)?)?$"))
        {
            errors.Add("ipc", $"'{ipc}' is not an IPC prefix (section, class, subclass or group, e.g. H, H02, H02M, H02M 7/48).");
            return null;
        }

        var groupWithoutSlash = System.Text.RegularExpressions.Regex.IsMatch(compact, @"^[A-H]\d{2}[A-Z]\d{1,4}$");
        return groupWithoutSlash ? compact + "/%" : compact + "%";
    }
}
