using System.Globalization;
using System.Text;

namespace IpExchange.Contract.Agreements.Documents;

/// <summary>
/// Greedy line breaker for mixed Chinese/Latin text. PDFsharp's XTextFormatter only breaks at white space,
/// so a Chinese paragraph (no spaces) would be one unbreakable "word" that runs off the page.
/// Rules: a break is allowed before and after every CJK character and at white space; runs of Latin letters,
/// digits and ASCII punctuation stay together (hard-split only if longer than a line); simple kinsoku shori:
/// closing punctuation never starts a line, opening brackets never end one.
/// </summary>
public static class CjkLineBreaker
{
    // Characters that must not start a line (attached to the preceding segment).
    const string NoLineStart = "，。、；：？！）」』》〉】〕］｝”’…—～·％‰℃,.;:?!)]}%>'\"";

    // Characters that must not end a line (attached to the following segment).
    const string NoLineEnd = "（「『《〈【〔［｛“‘([{<";

    /// <summary>Wraps <paramref name="text"/> into lines no wider than <paramref name="maxWidth"/>.</summary>
    /// <param name="text">Text; '\n' starts a new paragraph line.</param>
    /// <param name="maxWidth">Available width in the unit of <paramref name="measure"/>.</param>
    /// <param name="measure">Width of a string (no kerning is assumed, so widths are additive).</param>
    public static IReadOnlyList<string> Wrap(string text, double maxWidth, Func<string, double> measure)
        => Wrap(text, maxWidth, maxWidth, measure);

    /// <summary>As <see cref="Wrap(string, double, Func{string, double})"/>, with a different width for the
    /// first line of each paragraph (first-line indent).</summary>
    public static IReadOnlyList<string> Wrap(string text, double firstLineWidth, double maxWidth, Func<string, double> measure)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstLineWidth);

        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            WrapParagraph(paragraph, firstLineWidth, maxWidth, measure, lines);
        return lines;
    }

    static void WrapParagraph(string paragraph, double firstLineWidth, double fullWidth, Func<string, double> measure, List<string> lines)
    {
        var line = new StringBuilder();
        double lineWidth = 0;
        int firstLine = lines.Count;
        double maxWidth = firstLineWidth;

        void Flush()
        {
            lines.Add(line.ToString().TrimEnd());
            line.Clear();
            lineWidth = 0;
            maxWidth = fullWidth;
        }

        foreach (var segment in Segment(paragraph))
        {
            bool isSpace = string.IsNullOrWhiteSpace(segment);
            if (isSpace && line.Length == 0)
                continue; // no leading blanks on a wrapped line
            double width = measure(segment);
            if (lineWidth + width <= maxWidth)
            {
                line.Append(segment);
                lineWidth += width;
                continue;
            }
            if (isSpace)
            {
                Flush(); // the blank is the break
                continue;
            }
            if (line.Length > 0)
                Flush();
            if (width <= maxWidth)
            {
                line.Append(segment);
                lineWidth = width;
                continue;
            }
            // Longer than a whole line (e.g. a 64-hex hash in narrow column): split by text element.
            var e = StringInfo.GetTextElementEnumerator(segment);
            while (e.MoveNext())
            {
                var element = e.GetTextElement();
                double w = measure(element);
                if (lineWidth + w > maxWidth && line.Length > 0)
                    Flush();
                line.Append(element);
                lineWidth += w;
            }
        }
        if (line.Length > 0 || lines.Count == firstLine)
            Flush();
    }

    /// <summary>Splits a paragraph into unbreakable segments (break opportunities lie between them).</summary>
    public static IEnumerable<string> Segment(string paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        var segments = new List<StringBuilder>();
        StringBuilder? current = null;
        bool currentIsWord = false;   // a run of Latin letters/digits
        bool glueNext = false;        // previous segment ended with an opening bracket

        var e = StringInfo.GetTextElementEnumerator(paragraph);
        while (e.MoveNext())
        {
            string element = e.GetTextElement();
            char c = element[0];
            bool space = char.IsWhiteSpace(c) && c != '\u00A0';

            if (space)
            {
                current = new StringBuilder(element);
                segments.Add(current);
                currentIsWord = false;
                glueNext = false;
                continue;
            }
            if (NoLineStart.Contains(c, StringComparison.Ordinal) && current is not null && !IsSpace(current))
            {
                current.Append(element);   // keep with the preceding character
                glueNext = NoLineEnd.Contains(c, StringComparison.Ordinal);
                continue;
            }
            bool cjk = IsCjk(element);
            if (glueNext || (!cjk && currentIsWord && current is not null))
            {
                current!.Append(element);
            }
            else
            {
                current = new StringBuilder(element);
                segments.Add(current);
            }
            currentIsWord = !cjk && !NoLineEnd.Contains(c, StringComparison.Ordinal);
            glueNext = NoLineEnd.Contains(c, StringComparison.Ordinal);
        }
        return segments.Select(s => s.ToString());
    }

    static bool IsSpace(StringBuilder sb) => sb.Length > 0 && char.IsWhiteSpace(sb[0]);

    /// <summary>True for scripts that allow a line break between any two characters.</summary>
    static bool IsCjk(string element)
    {
        int cp = char.ConvertToUtf32(element, 0);
        return cp is (>= 0x2E80 and <= 0x9FFF)     // radicals, kana, CJK symbols & punctuation, unified ideographs
            or (>= 0xAC00 and <= 0xD7AF)           // Hangul syllables
            or (>= 0xF900 and <= 0xFAFF)           // compatibility ideographs
            or (>= 0xFE30 and <= 0xFE4F)           // CJK compatibility forms
            or (>= 0xFF00 and <= 0xFFEF)           // full-width forms
            or (>= 0x20000 and <= 0x3FFFF);        // ideographs, planes 2 and 3
    }
}
