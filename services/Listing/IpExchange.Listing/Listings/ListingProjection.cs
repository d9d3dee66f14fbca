using IpExchange.EventStore;
using IpExchange.Text;
using Npgsql;

namespace IpExchange.Listing.Listings;

/// <summary>
/// Keeps the <c>listings</c> table (search, filters, review queue) in step with the listing streams,
/// in the append's transaction. The search column holds Chinese bigrams and English words (see
/// <see cref="SearchTerms"/>): title A, summary B, the patents' titles and IPC codes C, the owner D.
/// </summary>
public sealed class ListingProjection : IInlineProjection
{
    public async Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken)
    {
        if (!@event.StreamId.StartsWith("listing-", StringComparison.Ordinal))
        {
            return;
        }

        var id = @event.StreamId["listing-".Length..];
        switch (@event.Data)
        {
            case ListingDrafted e:
                await WriteTerms(context, id, e.Terms, @event, (e.OwnerOrganisationId, e.OwnerOrganisationName, e.Region), cancellationToken);
                break;
            case ListingEdited e:
                await WriteTerms(context, id, e.Terms, @event, null, cancellationToken);
                break;
            case ListingSubmitted:
                await Status(context, id, ListingStatus.Submitted, @event, cancellationToken);
                break;
            case ListingApproved:
                await Status(context, id, ListingStatus.Public, @event, cancellationToken, "published_at = @at");
                break;
            case ListingRejected:
                await Status(context, id, ListingStatus.Rejected, @event, cancellationToken);
                break;
            case ListingWithdrawnByOwner:
                await Status(context, id, ListingStatus.Withdrawn, @event, cancellationToken);
                break;
            case ListingReservedForDeal:
                await Status(context, id, ListingStatus.Reserved, @event, cancellationToken);
                break;
            case ListingReservationReleased:
                await Status(context, id, ListingStatus.Public, @event, cancellationToken);
                break;
            case ListingSoldToBuyer:
                await Status(context, id, ListingStatus.Sold, @event, cancellationToken);
                break;
            case ListingPeriodEnded:
                await Status(context, id, ListingStatus.Expired, @event, cancellationToken);
                break;
            case ListingLicenceGranted:
                await Status(context, id, null, @event, cancellationToken, "licence_count = licence_count + 1");
                break;
            case DealRefusedForListing:
                await Status(context, id, null, @event, cancellationToken);
                break;
        }
    }

    private static async Task Status(ProjectionContext context, string id, ListingStatus? status, StoredEvent @event, CancellationToken cancellationToken, string? extra = null)
    {
        await using var cmd = context.Command(
            $"UPDATE {{schema}}.listings SET status = coalesce(@status, status), version = @version, updated_at = @at{(extra is null ? "" : ", " + extra)} WHERE id = @id");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("status", (object?)status?.ToString() ?? DBNull.Value);
        cmd.Parameters.AddWithValue("version", @event.Version);
        cmd.Parameters.AddWithValue("at", @event.Timestamp);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteTerms(ProjectionContext context, string id, ListingTerms t, StoredEvent @event,
        (string Org, string Name, string? Region)? insert, CancellationToken cancellationToken)
    {
        // The patents' titles and IPC codes come from the patents table, written in this same transaction.
        var patentTitles = new List<string>();
        var ipc = new List<string>();
        await using (var patents = context.Command("SELECT title, coalesce(title_en, ''), ipc_codes FROM {schema}.patents WHERE id = ANY(@ids)"))
        {
            patents.Parameters.AddWithValue("ids", t.PatentIds.ToArray());
            await using var reader = await patents.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                patentTitles.Add(reader.GetString(0));
                patentTitles.Add(reader.GetString(1));
                ipc.AddRange(reader.GetFieldValue<string[]>(2));
            }
        }

        var sql = insert is null
            ? """
              UPDATE {schema}.listings SET title = @title, title_en = @title_en, summary = @summary, deal_kind = @deal_kind,
                  pricing_method = @pricing, trading_mode = @mode, asking_price = @asking, open_licence_fee = @fee, directed_to = @directed,
                  alliance_id = @alliance, alliance_members = @members, listed_from = @from, listed_until = @until, patent_ids = @patents,
                  ipc_codes = @ipc, search = {search}, status = 'Draft', version = @version, updated_at = @at
              WHERE id = @id
              """
            : """
              INSERT INTO {schema}.listings (id, owner_org, owner_name, region, status, title, title_en, summary, deal_kind, pricing_method,
                  trading_mode, asking_price, open_licence_fee, directed_to, alliance_id, alliance_members, listed_from, listed_until,
                  patent_ids, ipc_codes, search, version, created_at, updated_at)
              VALUES (@id, @owner, @owner_name, @region, 'Draft', @title, @title_en, @summary, @deal_kind, @pricing, @mode, @asking, @fee,
                  @directed, @alliance, @members, @from, @until, @patents, @ipc, {search}, @version, @at, @at)
              """;
        sql = sql.Replace("{search}", """
            setweight(to_tsvector('simple', @s_title), 'A') || setweight(to_tsvector('simple', @s_summary), 'B')
            || setweight(to_tsvector('simple', @s_patents), 'C') || setweight(to_tsvector('simple', @s_owner), 'D')
            """, StringComparison.Ordinal);
        await using var cmd = context.Command(sql);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("title", t.Title);
        cmd.Parameters.AddWithValue("title_en", (object?)t.TitleEn ?? DBNull.Value);
        cmd.Parameters.AddWithValue("summary", t.Summary);
        cmd.Parameters.AddWithValue("deal_kind", t.DealKind.ToString());
        cmd.Parameters.AddWithValue("pricing", t.PricingMethod.ToString());
        cmd.Parameters.AddWithValue("mode", t.TradingMode.ToString());
        cmd.Parameters.AddWithValue("asking", t.AskingPrice);
        cmd.Parameters.AddWithValue("fee", (object?)t.OpenLicenceFee ?? DBNull.Value);
        cmd.Parameters.AddWithValue("directed", (object?)t.DirectedToOrganisationId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("alliance", (object?)t.AllianceId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("members", t.AllianceMemberIds.ToArray());
        cmd.Parameters.AddWithValue("from", t.ListedFrom);
        cmd.Parameters.AddWithValue("until", t.ListedUntil);
        cmd.Parameters.AddWithValue("patents", t.PatentIds.ToArray());
        cmd.Parameters.AddWithValue("ipc", ipc.Distinct().ToArray());
        cmd.Parameters.AddWithValue("version", @event.Version);
        cmd.Parameters.AddWithValue("at", @event.Timestamp);
        cmd.Parameters.AddWithValue("s_title", SearchTerms.Document(t.Title, t.TitleEn));
        cmd.Parameters.AddWithValue("s_summary", SearchTerms.Document(t.Summary));
        cmd.Parameters.AddWithValue("s_patents", SearchTerms.Document([.. patentTitles, .. ipc.Select(c => c.Replace(" ", "", StringComparison.Ordinal))]));
        cmd.Parameters.AddWithValue("s_owner", SearchTerms.Document(insert?.Name ?? ""));
        if (insert is { } owner)
        {
            cmd.Parameters.AddWithValue("owner", owner.Org);
            cmd.Parameters.AddWithValue("owner_name", owner.Name);
            cmd.Parameters.AddWithValue("region", (object?)owner.Region ?? DBNull.Value);
        }

        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
