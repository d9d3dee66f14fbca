using System.Globalization;
using System.Text.RegularExpressions;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace IpExchange.Contract.Agreements.Documents;

/// <summary>One signature as the document prints it.</summary>
public sealed record SignatureLine(string PartyName, string Signer, DateTimeOffset SignedAt);

/// <summary>
/// Everything the signed contract's PDF prints: the binding Chinese text line by line, exactly as
/// hashed; then, apart from it, the signatures, the exchange's recording, the content hash and the
/// head of the agreement's hash chain at <see cref="IssuedAt"/> (the signing or recording the
/// document records). The PDF is a pure function of this record.
/// </summary>
public sealed record AgreementDocument(
    string AgreementNumber,
    IReadOnlyList<string> BindingText,
    IReadOnlyList<SignatureLine> Signatures,
    string? RecordNumber,
    DateTimeOffset? RecordedAt,
    string ContentHash,
    string ChainHead,
    DateTimeOffset IssuedAt)
{
    public string Title => BindingText.Count > 0 ? BindingText[0] : AgreementNumber;
}

/// <summary>
/// Renders a signed agreement as a deterministic A4 PDF with PDFsharp 6.2.4 (MIT) and an embedded,
/// subset CJK TrueType font (WenQuanYi Micro Hei from Debian's fonts-wqy-microhei). The same
/// document renders to the same bytes, whatever the machine's time zone or the run.
/// </summary>
public sealed partial class AgreementPdf
{
    private static readonly Lock FontSetupLock = new();
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8); // China has no DST; no tzdata needed

    private const double Margin = 56.7;        // 20 mm
    private const double FooterHeight = 42;
    private const double BodySize = 10.5;      // 五号
    private const double LineFactor = 1.6;

    private readonly string _family;

    public AgreementPdf(string family = CjkFontResolver.DefaultFamily) => _family = family;

    /// <summary>
    /// Installs the process-wide PDFsharp font resolver once. PDFsharp ignores (with a log warning) a second
    /// instance of the same resolver type and throws when the resolver is changed after fonts were used.
    /// </summary>
    public static void EnsureFontResolver()
    {
        lock (FontSetupLock)
        {
            GlobalFontSettings.FontResolver ??= CjkFontResolver.CreateDefault();
        }
    }

    /// <summary>Formats an instant as Beijing time, e.g. "2026-12-03 17:05 北京时间".</summary>
    public static string BeijingTime(DateTimeOffset instant) =>
        instant.ToOffset(BeijingOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " 北京时间";

    /// <summary>The characters of the document the font has no glyph for: PDFsharp would draw them as empty boxes without a word.</summary>
    public IReadOnlyList<System.Text.Rune> MissingGlyphs(AgreementDocument document)
    {
        EnsureFontResolver();
        if (GlobalFontSettings.FontResolver is not CjkFontResolver resolver)
        {
            return [];
        }

        var all = string.Join('\n', document.BindingText
            .Concat(document.Signatures.SelectMany(s => new[] { s.PartyName, s.Signer }))
            .Append(document.RecordNumber ?? "").Append(document.ContentHash).Append(document.ChainHead).Append(Labels));
        return resolver.FindMissing(_family, all);
    }

    /// <summary>Renders the document and returns the PDF bytes.</summary>
    public byte[] Render(AgreementDocument agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        EnsureFontResolver();
        if (MissingGlyphs(agreement) is { Count: > 0 } missing)
        {
            throw new ArgumentException("The contract font has no glyph for: " + string.Join(", ", missing.Select(r => $"'{r}' U+{r.Value:X4}")), nameof(agreement));
        }

        using var document = new PdfDocument();
        document.Info.Title = agreement.Title;
        document.Info.Subject = agreement.AgreementNumber;
        document.Info.Author = "IpExchange";
        document.Info.Creator = "IpExchange Contract Service";
        document.Info.Keywords = "sha256:" + agreement.ContentHash;

        var fonts = new Fonts(_family);
        using (var flow = new Flow(document))
        {
            DrawBindingText(flow, fonts, agreement);
            DrawRecord(flow, fonts, agreement);
        }

        DrawHeadersAndFooters(document, fonts, agreement);

        var seed = agreement.ContentHash + "|" + agreement.ChainHead;
        PdfDeterminism.PrepareDocument(document, agreement.IssuedAt, seed);
        using var ms = new MemoryStream();
        document.Save(ms, closeStream: false);
        var bytes = ms.ToArray();
        if (PdfDeterminism.PatchXmpUuids(bytes, seed) != 2)
        {
            throw new InvalidOperationException("XMP metadata layout changed (PDFsharp upgrade?): cannot make the PDF deterministic.");
        }

        return bytes;
    }

    // Labels printed besides the binding text: their glyphs are checked with it.
    private const string Labels = "签署与登记记录不属于合同正文当事方签署人时间北京交易中心登记号尚未经内容哈希中文文本字节存证链头第页共";

    [GeneratedRegex("^第[〇一二三四五六七八九十百]+条　")]
    private static partial Regex ArticleHeading();

    /// <summary>
    /// The binding text as hashed, one printed paragraph per line: the title, the heading lines
    /// before the first article, each article's heading and its paragraphs. Nothing is added to it
    /// or left out, so what is printed is what was signed.
    /// </summary>
    private static void DrawBindingText(Flow flow, Fonts fonts, AgreementDocument a)
    {
        var lines = a.BindingText;
        foreach (var line in flow.Wrap(a.Title, fonts.Title, Flow.ContentWidth))
        {
            flow.DrawLine(line, fonts.Title, LineAlign.Center, 18 * 1.5);
        }

        var inArticles = false;
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                flow.Space(inArticles ? 4 : 6);
            }
            else if (ArticleHeading().IsMatch(line))
            {
                inArticles = true;
                flow.Heading(line, fonts.Heading);
            }
            else if (!inArticles)
            {
                flow.Paragraph(line, fonts.Small, 0);
            }
            else
            {
                flow.Paragraph(line, fonts.Body, 2 * BodySize); // 首行缩进两字
            }
        }
    }

    /// <summary>The record of signing and recording, printed apart from the text: it is evidence about the contract, not part of it.</summary>
    private static void DrawRecord(Flow flow, Fonts fonts, AgreementDocument a)
    {
        flow.Space(12);
        flow.Heading("签署与登记记录（不属于合同正文）", fonts.Heading);
        double[] widths = [Flow.ContentWidth * 0.44, Flow.ContentWidth * 0.22, Flow.ContentWidth * 0.34];
        flow.TableRow(["当事方", "签署人", "签署时间"], widths, fonts.TableHeader, shaded: true);
        foreach (var s in a.Signatures)
        {
            flow.TableRow([s.PartyName, s.Signer, BeijingTime(s.SignedAt)], widths, fonts.Body, shaded: false);
        }

        flow.Space(6);
        flow.Paragraph(a.RecordNumber is { } number
            ? $"交易中心登记号：{number}（登记时间 {BeijingTime(a.RecordedAt!.Value)}）"
            : "尚未经交易中心登记。", fonts.Body, 0);
        flow.Paragraph($"内容哈希（SHA-256，合同中文文本的 UTF-8 字节）：{a.ContentHash}", fonts.Body, 0);
        flow.Paragraph($"存证链头（合同记录哈希链，截至 {BeijingTime(a.IssuedAt)}）：{a.ChainHead}", fonts.Body, 0);
    }

    private static void DrawHeadersAndFooters(PdfDocument document, Fonts fonts, AgreementDocument a)
    {
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            double w = page.Width.Point, h = page.Height.Point;
            if (i > 0)
            {
                gfx.DrawString($"{a.Title}　{a.AgreementNumber}", fonts.Footer, XBrushes.Gray,
                    new XRect(Margin, Margin - 24, w - (2 * Margin), 10), XStringFormats.TopRight);
            }

            var top = h - Margin + 4;
            gfx.DrawLine(new XPen(XColors.Gray, 0.5), Margin, top, w - Margin, top);
            gfx.DrawString($"内容哈希 SHA-256：{a.ContentHash}", fonts.Footer, XBrushes.Black,
                new XRect(Margin, top + 4, w - (2 * Margin), 10), XStringFormats.TopLeft);
            gfx.DrawString($"存证链头：{a.ChainHead}", fonts.Footer, XBrushes.Black,
                new XRect(Margin, top + 16, w - (2 * Margin), 10), XStringFormats.TopLeft);
            gfx.DrawString(string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 页 / 共 {count} 页"), fonts.Footer, XBrushes.Black,
                new XRect(Margin, top + 16, w - (2 * Margin), 10), XStringFormats.TopRight);
        }
    }

    private enum LineAlign
    {
        Left,
        Center,
    }

    private sealed class Fonts(string family)
    {
        private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

        public XFont Title { get; } = new(family, 18, XFontStyleEx.Bold, Unicode);
        public XFont Heading { get; } = new(family, 12, XFontStyleEx.Bold, Unicode);
        public XFont TableHeader { get; } = new(family, BodySize, XFontStyleEx.Bold, Unicode);
        public XFont Body { get; } = new(family, BodySize, XFontStyleEx.Regular, Unicode);
        public XFont Small { get; } = new(family, 9, XFontStyleEx.Regular, Unicode);
        public XFont Footer { get; } = new(family, 7, XFontStyleEx.Regular, Unicode);
    }

    /// <summary>Top-to-bottom flow over A4 pages with page breaks.</summary>
    private sealed class Flow(PdfDocument document) : IDisposable
    {
        private static readonly double PageWidth = PageSizeConverter.ToSize(PageSize.A4).Width;
        private static readonly double PageHeight = PageSizeConverter.ToSize(PageSize.A4).Height;
        public static readonly double ContentWidth = PageWidth - (2 * Margin);
        private static readonly double Bottom = PageHeight - Margin - FooterHeight + 30;

        private readonly Dictionary<(XFont, string), double> _widths = [];
        private XGraphics? _gfx;
        private double _y;

        private XGraphics Gfx => _gfx ?? NewPage();

        private XGraphics NewPage()
        {
            _gfx?.Dispose();
            var page = document.AddPage();
            page.Size = PageSize.A4;
            _gfx = XGraphics.FromPdfPage(page);
            _y = Margin;
            return _gfx;
        }

        private void Ensure(double height)
        {
            if (_gfx is null || _y + height > Bottom)
            {
                NewPage();
            }
        }

        private double Measure(string s, XFont font)
        {
            // Widths are additive (PDFsharp does not kern), so per-element caching is exact.
            double total = 0;
            var e = StringInfo.GetTextElementEnumerator(s);
            while (e.MoveNext())
            {
                var key = (font, e.GetTextElement());
                if (!_widths.TryGetValue(key, out var w))
                {
                    _widths[key] = w = Gfx.MeasureString(key.Item2, font).Width;
                }

                total += w;
            }

            return total;
        }

        public IReadOnlyList<string> Wrap(string text, XFont font, double width) => CjkLineBreaker.Wrap(text, width, s => Measure(s, font));

        public void Space(double points) => _y += points;

        public void DrawLine(string text, XFont font, LineAlign align, double lineHeight)
        {
            Ensure(lineHeight);
            var x = align == LineAlign.Center ? Margin + ((ContentWidth - Measure(text, font)) / 2) : Margin;
            Gfx.DrawString(text, font, XBrushes.Black, x, _y + ((lineHeight - font.Size) / 2), XStringFormats.TopLeft);
            _y += lineHeight;
        }

        public void Heading(string text, XFont font)
        {
            var lh = font.Size * LineFactor;
            Ensure(lh + (BodySize * LineFactor * 2)); // keep with next: heading plus two body lines
            Space(2);
            foreach (var line in Wrap(text, font, ContentWidth))
            {
                DrawLine(line, font, LineAlign.Left, lh);
            }
        }

        public void Paragraph(string text, XFont font, double firstIndent)
        {
            var lh = font.Size * LineFactor;
            var lines = CjkLineBreaker.Wrap(text, ContentWidth - firstIndent, ContentWidth, s => Measure(s, font));
            for (var i = 0; i < lines.Count; i++)
            {
                Ensure(lh);
                var x = Margin + (i == 0 ? firstIndent : 0);
                Gfx.DrawString(lines[i], font, XBrushes.Black, x, _y + ((lh - font.Size) / 2), XStringFormats.TopLeft);
                _y += lh;
            }
        }

        public void TableRow(string[] cells, double[] widths, XFont font, bool shaded)
        {
            const double pad = 4;
            var lh = font.Size * LineFactor;
            var wrapped = cells.Select((c, i) => Wrap(c, font, widths[i] - (2 * pad))).ToArray();
            var height = (wrapped.Max(w => w.Count) * lh) + (2 * pad);
            Ensure(height); // a row never splits across pages
            var x = Margin;
            for (var i = 0; i < cells.Length; i++)
            {
                var rect = new XRect(x, _y, widths[i], height);
                if (shaded)
                {
                    Gfx.DrawRectangle(new XPen(XColors.Black, 0.5), new XSolidBrush(XColor.FromGrayScale(0.9)), rect);
                }
                else
                {
                    Gfx.DrawRectangle(new XPen(XColors.Black, 0.5), rect);
                }

                var ty = _y + pad;
                foreach (var line in wrapped[i])
                {
                    Gfx.DrawString(line, font, XBrushes.Black, x + pad, ty + ((lh - font.Size) / 2), XStringFormats.TopLeft);
                    ty += lh;
                }

                x += widths[i];
            }

            _y += height;
        }

        public void Dispose() => _gfx?.Dispose();
    }
}
