using System.Security.Cryptography;
using System.Text;
using PdfSharp.Pdf;

namespace IpExchange.Contract.Agreements.Documents;

/// <summary>
/// Makes PDFsharp 6.2.4 output byte-identical for identical input. Sources of variation in PDFsharp:
/// <list type="number">
/// <item>Info /CreationDate = DateTime.Now (set in the PdfDocument constructor) → set to a fixed UTC time.
/// A DateTime of Kind Local/Unspecified is written with the machine's UTC offset, so only Kind Utc is stable.</item>
/// <item>Trailer /ID = Guid.NewGuid() → set from a seed.</item>
/// <item>Font subset tag "ABCDEF+" = Guid.NewGuid() per font → replaced by a tag derived from the seed.</item>
/// <item>XMP metadata stream, built inside Save(): xmpMM:DocumentID / InstanceID = Guid.NewGuid() → no hook exists,
/// so the (uncompressed) stream is patched in the saved bytes, same length, xref offsets unaffected.</item>
/// </list>
/// </summary>
public static class PdfDeterminism
{
    /// <summary>Applies items 1–3; call after drawing, before <see cref="PdfDocument.Save(Stream, bool)"/>.</summary>
    public static void PrepareDocument(PdfDocument document, DateTimeOffset timestamp, string seed)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(seed);

        var utc = DateTime.SpecifyKind(timestamp.UtcDateTime, DateTimeKind.Utc);
        document.Info.CreationDate = utc;
        document.Info.ModificationDate = utc;

        // The ID strings are "raw" strings: one char per byte, written as <hex>.
        byte[] id = Hash("pdf-id", seed).AsSpan(0, 16).ToArray();
        string raw = Encoding.Latin1.GetString(id);
        document.Internals.FirstDocumentID = raw;
        document.Internals.SecondDocumentID = raw;

        foreach (var obj in document.Internals.GetAllObjects())
        {
            if (obj is not PdfDictionary dict)
                continue;
            string type = dict.Elements.GetName("/Type");
            if (type == "/FontDescriptor")
                RetagName(dict, "/FontName", seed);
            else if (type == "/Font")
                RetagName(dict, "/BaseFont", seed);
        }
    }

    /// <summary>Applies item 4 to the saved file; returns the number of UUIDs replaced.</summary>
    public static int PatchXmpUuids(byte[] pdf, string seed)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        int replaced = 0;
        foreach (var element in new[] { "xmpMM:DocumentID", "xmpMM:InstanceID" })
        {
            byte[] marker = Encoding.ASCII.GetBytes($"<{element}>uuid:");
            int at = pdf.AsSpan().IndexOf(marker);
            if (at < 0)
                continue;
            int start = at + marker.Length;
            const int uuidLength = 36;
            if (start + uuidLength > pdf.Length || pdf[start + uuidLength] != (byte)'<')
                throw new InvalidOperationException($"Unexpected XMP layout after {element}.");
            // DocumentID identical for all renderings of the same agreement; InstanceID too (same bytes = same instance).
            byte[] h = Hash(element, seed).AsSpan(0, 16).ToArray();
            string uuid = new Guid(h).ToString("D");
            Encoding.ASCII.GetBytes(uuid).CopyTo(pdf, start);
            replaced++;
        }
        return replaced;
    }

    static void RetagName(PdfDictionary dict, string key, string seed)
    {
        string name = dict.Elements.GetName(key); // e.g. "/QWERTY+WenQuanYiMicroHei"
        if (name.Length < 8 || name[7] != '+')
            return;
        string baseName = name[8..];
        byte[] h = Hash("subset-tag", seed + "|" + baseName);
        var tag = new StringBuilder(6);
        for (int i = 0; i < 6; i++)
            tag.Append((char)('A' + (h[i] % 26)));
        dict.Elements.SetName(key, "/" + tag + "+" + baseName);
    }

    static byte[] Hash(string purpose, string seed)
        => SHA256.HashData(Encoding.UTF8.GetBytes("ipx-contract-pdf|" + purpose + "|" + seed));
}
