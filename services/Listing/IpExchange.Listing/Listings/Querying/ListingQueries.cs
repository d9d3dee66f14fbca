using Dapper;
using IpExchange.Contracts;
using IpExchange.Listing.Patents;
using IpExchange.Listing.Patents.Querying;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Listings.Querying;

public sealed record ListingSummary(
    string Id, string Status, string Title, string? TitleEn, string Summary, string OwnerOrganisationId, string OwnerOrganisationName,
    string? Region, string DealKind, string PricingMethod, string TradingMode, decimal AskingPrice, decimal? OpenLicenceFee,
    DateOnly ListedFrom, DateOnly ListedUntil, IReadOnlyList<string> PatentIds, IReadOnlyList<string> IpcCodes, int LicenceCount,
    DateTimeOffset? PublishedAt, double Relevance, IReadOnlyList<string> Keywords);

public sealed record ListingHistoryEntry(long Version, string Event, object Data, string? UserId, string? OrganisationId, DateTimeOffset At, string Hash);

public sealed record ListingHistory(string ListingId, IReadOnlyList<ListingHistoryEntry> Events, IpExchange.EventStore.ChainVerification Verification);

/// <summary>How the market orders its results: by relevance to the words (then newest), newest first, or by asking price.</summary>
public enum ListingSort
{
    Relevance,
    Newest,
    PriceLowToHigh,
    PriceHighToLow,
}

public static class ListingQueries
{
    private static readonly string[] PublicStatuses = [nameof(ListingStatus.Public)];

    /// <summary>How many of a query's matches are ranked by their words (see the search's SQL).</summary>
    public const int RankedCandidates = 1000;

    public static void Map(RouteGroupBuilder listings)
    {
        listings.MapGet("/", Search).Produces<Page<ListingSummary>>().WithSummary(
            "Search listings: q (Chinese or English), ipc prefix, dealKind, tradingMode, pricingMethod, minPrice, maxPrice, region, status, owner ('mine' or an id), sort (Relevance, Newest, PriceLowToHigh, PriceHighToLow), page, pageSize");

        listings.MapGet("/review-queue", (HttpContext http, EventStore.EventStore store, int? page, int? pageSize) =>
                Search(http, store, null, null, null, null, null, null, null, [nameof(ListingStatus.Submitted)], null, page, pageSize, null, null, oldestFirst: true))
            .RequireAuthorization(IdentitySetup.ExchangePolicy)
            .Produces<Page<ListingSummary>>()
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
        }).Produces<ListingView>().WithSummary("A listing's details");

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
        }).Produces<ListingHistory>().WithSummary("Every change of the listing, in order, with who and when, and its hash-chain verification");
    }

    private static async Task<IResult> Search(
        HttpContext http, EventStore.EventStore store,
        string? q, string? ipc, DealKind? dealKind, TradingMode? tradingMode, PricingMethod? pricingMethod,
        decimal? minPrice, decimal? maxPrice, string[]? status, string? owner, int? page, int? pageSize, ListingSort? sort, string? region, bool oldestFirst = false)
    {
        var caller = http.Caller();
        var (p, size) = Paging.Of(page, pageSize);
        var errors = new FieldErrors();
        errors.Range("minPrice", minPrice, 0, Money.Ceiling, required: false);
        errors.Range("maxPrice", maxPrice, 0, Money.Ceiling, required: false);
        errors.Check(maxPrice is null || minPrice is null || maxPrice >= minPrice, "maxPrice", "query.range-reversed", "The price range ends at or above its start.", ("min", minPrice));
        errors.Text("q", q, 200, required: false, multiLine: false);
        errors.Text("region", region, 50, required: false, multiLine: false);
        var statuses = status is { Length: > 0 } ? status : PublicStatuses;
        foreach (var s in statuses)
        {
            errors.Check(Enum.TryParse<ListingStatus>(s, ignoreCase: false, out var parsed) && parsed != ListingStatus.None && Enum.IsDefined(parsed), "status", FieldCodes.NotAllowedValue,
                $"'{s}' is not a listing status.", ("allowed", Enum.GetNames<ListingStatus>().Where(n => n != nameof(ListingStatus.None)).ToArray()));
        }

        var ipcPrefix = IpcPrefix(ipc, errors);
        errors.ThrowIfAny();

        // Owner "mine" shows all of the caller's listings; the exchange sees every state; anyone else
        // only what went public, and alliance listings only as a member.
        var ownerFilter = owner == "mine" ? caller.OrganisationId : owner;
        var seesAll = caller.IsExchange || (ownerFilter is not null && ownerFilter == caller.OrganisationId);
        var tsQuery = ListingWords.Lexemes.Query(q);
        if (!string.IsNullOrWhiteSpace(q) && tsQuery is null)
        {
            // Only function words or lone characters (的, 一种, "the"): nothing can match them.
            return Results.Ok(new Page<ListingSummary>([], p, size, 0));
        }

        // At 100,000 listings a common word matches thousands: ranking them all would read every
        // matching row's words (ts_rank), and a count over the window would keep them all. So the
        // matches are found with the GIN index alone (id and dates), counted there, and only the
        // best RankedCandidates of them are ranked: those with the words in their title first, then
        // the newest. A query with fewer matches than that is ranked in full.
        // By price or date, the candidates are the first ones in that order, not the best-ranked ones.
        var (order, finalOrder) = oldestFirst ? ("updated_at ASC", "l.updated_at ASC") : sort switch
        {
            ListingSort.Newest => ("published_at DESC NULLS LAST, updated_at DESC", "l.published_at DESC NULLS LAST, l.updated_at DESC"),
            ListingSort.PriceLowToHigh => ("asking_price ASC, published_at DESC NULLS LAST", "l.asking_price ASC, l.published_at DESC NULLS LAST"),
            ListingSort.PriceHighToLow => ("asking_price DESC, published_at DESC NULLS LAST", "l.asking_price DESC, l.published_at DESC NULLS LAST"),
            _ => ("in_title DESC, published_at DESC NULLS LAST, updated_at DESC", "relevance DESC, l.published_at DESC NULLS LAST, l.updated_at DESC"),
        };
        await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
        var rows = (await connection.QueryAsync<ListingRow>(new CommandDefinition(store.Sql($$"""
            WITH matched AS MATERIALIZED (
                SELECT id, published_at, updated_at, asking_price, {{(tsQuery is null ? "false" : "title_words @@ @q::tsquery")}} AS in_title
                FROM {schema}.listings
                WHERE status = ANY(@statuses)
                  {{(tsQuery is null ? "" : "AND search @@ @q::tsquery")}}
                  AND (@ipc::text IS NULL OR EXISTS (SELECT 1 FROM unnest(ipc_codes) c WHERE replace(c, ' ', '') LIKE @ipc))
                  AND (@dealKind::text IS NULL OR deal_kind = @dealKind)
                  AND (@mode::text IS NULL OR trading_mode = @mode)
                  AND (@pricing::text IS NULL OR pricing_method = @pricing)
                  AND (@min::numeric IS NULL OR asking_price >= @min)
                  AND (@max::numeric IS NULL OR asking_price <= @max)
                  AND (@owner::text IS NULL OR owner_org = @owner)
                  AND (@region::text IS NULL OR region = @region)
                  AND (@seesAll OR (status IN ('Public', 'Reserved', 'Sold')
                                    AND (alliance_id IS NULL OR @caller = ANY(alliance_members) OR owner_org = @caller)))
            ),
            candidates AS (
                SELECT id FROM matched ORDER BY {{order}}, id LIMIT @candidates
            )
            SELECT l.id AS Id, l.status AS Status, l.title AS Title, l.title_en AS TitleEn, l.summary AS Summary, l.owner_org AS OwnerOrganisationId,
                   l.owner_name AS OwnerOrganisationName, l.region AS Region, l.deal_kind AS DealKind, l.pricing_method AS PricingMethod,
                   l.trading_mode AS TradingMode, l.asking_price AS AskingPrice, l.open_licence_fee AS OpenLicenceFee, l.listed_from AS ListedFrom,
                   l.listed_until AS ListedUntil, l.patent_ids AS PatentIds, l.ipc_codes AS IpcCodes, l.licence_count AS LicenceCount,
                   l.published_at AS PublishedAt, l.keywords AS Keywords,
                   {{(tsQuery is null ? "0::real" : "ts_rank(l.search, @q::tsquery, 1)")}} AS Relevance,
                   (SELECT count(*) FROM matched) AS Total
            FROM candidates c JOIN {schema}.listings l ON l.id = c.id
            ORDER BY {{finalOrder}}, l.id
            LIMIT @limit OFFSET @offset
            """), new
        {
            statuses,
            q = tsQuery,
            ipc = ipcPrefix,
            dealKind = dealKind?.ToString(),
            mode = tradingMode?.ToString(),
            pricing = pricingMethod?.ToString(),
            min = minPrice,
            max = maxPrice,
            owner = ownerFilter,
            region = string.IsNullOrWhiteSpace(region) ? null : region.Trim(),
            seesAll,
            caller = caller.OrganisationId,
            limit = size,
            offset = (p - 1) * size,
            candidates = Math.Max(RankedCandidates, p * size),
        }, cancellationToken: http.RequestAborted))).ToList();

        var items = rows.Select(r => new ListingSummary(
            r.Id, r.Status, r.Title, r.TitleEn, r.Summary, r.OwnerOrganisationId, r.OwnerOrganisationName, r.Region, r.DealKind, r.PricingMethod,
            r.TradingMode, r.AskingPrice, r.OpenLicenceFee, r.ListedFrom, r.ListedUntil, r.PatentIds,
            r.IpcCodes, r.LicenceCount, r.PublishedAt is { } published ? new DateTimeOffset(DateTime.SpecifyKind(published, DateTimeKind.Utc)) : null, r.Relevance,
            r.Keywords)).ToList();
        return Results.Ok(new Page<ListingSummary>(items, p, size, rows.FirstOrDefault()?.Total ?? 0));
    }

    /// <summary>A row of the search as Npgsql reads it (timestamps as UTC DateTime), before it becomes a <see cref="ListingSummary"/>.</summary>
    private sealed class ListingRow
    {
        public string Id { get; init; } = "";
        public string Status { get; init; } = "";
        public string Title { get; init; } = "";
        public string? TitleEn { get; init; }
        public string Summary { get; init; } = "";
        public string OwnerOrganisationId { get; init; } = "";
        public string OwnerOrganisationName { get; init; } = "";
        public string? Region { get; init; }
        public string DealKind { get; init; } = "";
        public string PricingMethod { get; init; } = "";
        public string TradingMode { get; init; } = "";
        public decimal AskingPrice { get; init; }
        public decimal? OpenLicenceFee { get; init; }
        public DateOnly ListedFrom { get; init; }
        public DateOnly ListedUntil { get; init; }
        public string[] PatentIds { get; init; } = [];
        public string[] IpcCodes { get; init; } = [];
        public int LicenceCount { get; init; }
        public DateTime? PublishedAt { get; init; }
        public float Relevance { get; init; }
        public string[] Keywords { get; init; } = [];
        public long Total { get; init; }
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
            errors.Add("ipc", IpcCode.Invalid, $"'{ipc}' is not an IPC prefix (section, class, subclass or group, e.g. H, H02, H02M, H02M 7/48).");
            return null;
        }

        var groupWithoutSlash = System.Text.RegularExpressions.Regex.IsMatch(compact, @"^[A-H]\d{2}[A-Z]\d{1,4}$");
        return groupWithoutSlash ? compact + "/%" : compact + "%";
    }
}
