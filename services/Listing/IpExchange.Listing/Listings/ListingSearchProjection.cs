using IpExchange.Listing.Patents;
using IpExchange.TextAnalysis;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace IpExchange.Listing.Listings;

/// <summary>
/// Keeps the <c>listings</c> table (search, filters, review queue) in step with the listing streams:
/// a Marten projection that queues its SQL in the append's unit of work (inline), and that Marten
/// can rebuild (it empties the table first). The table stays SQL because the search is PostgreSQL
/// full text that Marten's LINQ does not express: a weighted tsvector under a GIN index, ranked by
/// <c>ts_rank</c>, with IPC prefixes matched inside an array (see the service README).
/// The words are the matching's (<see cref="SearchLexemes"/>: jieba words, English stems, and the
/// vocabulary's concepts, so 钨钢 finds 硬质合金 and cemented carbide), written per field with its
/// weight: the title and the owner's keywords A, the summary and the patents' titles B, the
/// patents' abstracts and classification C, the owner D. The table joins them into one vector.
/// </summary>
public sealed class ListingSearchProjection : EventProjection
{
    /// <summary>The columns a draft's terms set, in the order of <see cref="TermValues"/>.</summary>
    private static readonly string[] TermColumns =
    [
        "title", "title_en", "summary", "deal_kind", "pricing_method", "trading_mode", "asking_price", "open_licence_fee", "directed_to",
        "alliance_id", "alliance_members", "listed_from", "listed_until", "patent_ids", "ipc_codes", "keywords", "title_words", "summary_words",
        "patent_words",
    ];

    /// <summary>The words' columns are tsvector literals made here (weights on positions), cast on the way in.</summary>
    private static string Placeholder(string column) => column.EndsWith("_words", StringComparison.Ordinal) ? "?::tsvector" : "?";

    private readonly string _table;

    public ListingSearchProjection(string schema)
    {
        _table = $"\"{schema}\".listings";
        Options.DeleteDataInTableOnTeardown($"{schema}.listings");
        foreach (var type in new[]
                 {
                     typeof(ListingDrafted), typeof(ListingEdited), typeof(ListingSubmitted), typeof(ListingApproved), typeof(ListingRejected),
                     typeof(ListingWithdrawnByOwner), typeof(ListingReservedForDeal), typeof(ListingReservationReleased), typeof(ListingSoldToBuyer),
                     typeof(ListingPeriodEnded), typeof(ListingLicenceGranted),
                 })
        {
            IncludeType(type);
        }
    }

    public override async ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.StreamKey is not { } streamId || !streamId.StartsWith("listing-", StringComparison.Ordinal))
        {
            return;
        }

        var id = streamId["listing-".Length..];
        switch (e.Data)
        {
            case ListingDrafted d:
                var ownerWords = ListingWords.Lexemes.Vector('D', d.OwnerOrganisationName);
                operations.QueueSqlCommand(
                    $"INSERT INTO {_table} (id, owner_org, owner_name, region, owner_words, status, updated_at, {string.Join(", ", TermColumns)}) " +
                    $"VALUES (?, ?, ?, ?, ?::tsvector, 'Draft', ?, {string.Join(", ", TermColumns.Select(Placeholder))})",
                    [id, d.OwnerOrganisationId, d.OwnerOrganisationName, Nullable(d.Region), ownerWords, e.Timestamp,
                        .. await TermValues(operations, d.Terms, cancellation)]);
                break;
            case ListingEdited edited:
                operations.QueueSqlCommand(
                    $"UPDATE {_table} SET {string.Join(", ", TermColumns.Select(c => $"{c} = {Placeholder(c)}"))}, status = 'Draft', updated_at = ? WHERE id = ?",
                    [.. await TermValues(operations, edited.Terms, cancellation), e.Timestamp, id]);
                break;
            case ListingApproved:
                operations.QueueSqlCommand($"UPDATE {_table} SET status = ?, updated_at = ?, published_at = ? WHERE id = ?",
                    nameof(ListingStatus.Public), e.Timestamp, e.Timestamp, id);
                break;
            case ListingLicenceGranted:
                operations.QueueSqlCommand($"UPDATE {_table} SET licence_count = licence_count + 1, updated_at = ? WHERE id = ?", e.Timestamp, id);
                break;
            case var other when StatusAfter(other) is { } status:
                operations.QueueSqlCommand($"UPDATE {_table} SET status = ?, updated_at = ? WHERE id = ?", status.ToString(), e.Timestamp, id);
                break;
        }
    }

    private static ListingStatus? StatusAfter(object @event) => @event switch
    {
        ListingSubmitted => ListingStatus.Submitted,
        ListingRejected => ListingStatus.Rejected,
        ListingWithdrawnByOwner => ListingStatus.Withdrawn,
        ListingReservedForDeal => ListingStatus.Reserved,
        ListingReservationReleased => ListingStatus.Public,
        ListingSoldToBuyer => ListingStatus.Sold,
        ListingPeriodEnded => ListingStatus.Expired,
        _ => null,
    };

    /// <summary>The values of <see cref="TermColumns"/>; the patents' texts and classification come from their documents.</summary>
    private static async Task<object[]> TermValues(IDocumentOperations operations, ListingTerms t, CancellationToken cancellation)
    {
        var patents = await operations.LoadManyAsync<OwnedPatent>(cancellation, t.PatentIds.Select(Patent.StreamId));
        var ipc = patents.SelectMany(p => p.IpcCodes).Distinct().ToArray();
        var keywords = t.Keywords ?? [];
        var lexemes = ListingWords.Lexemes;
        return
        [
            t.Title, Nullable(t.TitleEn), t.Summary, t.DealKind.ToString(), t.PricingMethod.ToString(), t.TradingMode.ToString(), t.AskingPrice,
            Nullable(t.OpenLicenceFee), Nullable(t.DirectedToOrganisationId), Nullable(t.AllianceId), t.AllianceMemberIds.ToArray(),
            t.ListedFrom, t.ListedUntil, t.PatentIds.ToArray(), ipc, keywords.ToArray(),
            lexemes.Vector('A', [t.Title, t.TitleEn, .. keywords]),
            lexemes.Vector('B', [t.Summary, .. patents.SelectMany(p => new[] { p.Title, p.TitleEn })]),
            lexemes.Vector('C', [.. patents.SelectMany(p => new[] { p.Abstract, p.AbstractEn }), .. ListingWords.Classification(patents)]),
        ];
    }

    private static object Nullable(object? value) => value ?? DBNull.Value;
}
