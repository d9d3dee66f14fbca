using System.Globalization;
using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements.Documents;

/// <summary>
/// The signed contract as a PDF to keep (<c>GET /api/agreements/{id}/pdf</c>): the binding Chinese
/// text, both signatures with their times, the exchange's record number, the content hash and the
/// head of the agreement's hash chain as it stood when the document's last fact was recorded (the
/// recording, or before it the second signature). Later events (payments, steps) do not change
/// it, so the same document comes out whenever it is generated again.
/// </summary>
public static class AgreementDocuments
{
    private static readonly string[] DocumentEvents = ["AgreementSignedByParty", "AgreementRecordedByExchange"];

    /// <summary>The document of a signed agreement; null until both parties have signed its current text.</summary>
    public static AgreementDocument? Of(Agreement agreement, IReadOnlyList<StoredEvent> events)
    {
        if (agreement.Draft is null || agreement.Signatures.Count < 2 || agreement.Signatures.Values.Any(s => s.ContentHash != agreement.ContentHash))
        {
            return null;
        }

        var head = events.Last(e => DocumentEvents.Contains(e.EventType, StringComparer.Ordinal));
        var roles = Roles(agreement);
        var signatures = agreement.Signatures.Values.OrderBy(s => s.SignedAt)
            .Select(s => new SignatureLine($"{roles[s.OrganisationId]}：{s.OrganisationName}", s.UserName, s.SignedAt)).ToList();
        return new AgreementDocument(agreement.Id!, agreement.Text!.TrimEnd('\n').Split('\n'), signatures, agreement.RecordNumber, agreement.RecordedAt,
            agreement.ContentHash!, head.Hash, head.Timestamp);
    }

    private static Dictionary<string, string> Roles(Agreement agreement) => new(StringComparer.Ordinal)
    {
        [agreement.Seller.OrganisationId] = "甲方",
        [agreement.Buyer.OrganisationId] = "乙方",
    };

    public static void Map(RouteGroupBuilder agreements) =>
        agreements.MapGet("/{id}/pdf", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var agreement = await store.Load<Agreement>(Agreement.StreamId(id), http.RequestAborted);
            AgreementAccess.RequireReadable(agreement.State, http.Caller(), id);
            var events = await store.ReadStream(Agreement.StreamId(id), http.RequestAborted);
            var document = Of(agreement.State, events)
                ?? throw Rule.Broken("agreement.not-signed", "status", "The contract's PDF is issued once both parties have signed its current text.");
            var tag = string.Create(CultureInfo.InvariantCulture, $"\"{document.ContentHash[..16]}-{document.ChainHead[..16]}\"");
            http.Response.Headers.ETag = tag;
            if (http.Request.Headers.IfNoneMatch.Contains(tag))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            var pdf = new AgreementPdf();
            if (pdf.MissingGlyphs(document) is { Count: > 0 } missing)
            {
                // PDFsharp would print an empty box in a party's name without a word: refuse instead.
                throw Rule.Broken("document.missing-glyph", "status",
                    $"The contract font cannot print {string.Join(", ", missing.Select(r => string.Create(CultureInfo.InvariantCulture, $"U+{r.Value:X4}")))}; the HTML document shows the text.");
            }

            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}.pdf\"";
            return Results.File(pdf.Render(document), "application/pdf");
        }).WithSummary("The signed contract as a PDF to keep: the binding text, signatures, record number, content hash and hash-chain head (parties, exchange)");
}
