using System.Text;

namespace IpExchange.Text;

/// <summary>
/// Turns Chinese and English text into search terms. PostgreSQL has no Chinese parser, and a
/// dictionary segmenter (jieba and the like) is not to be had here, so Chinese runs are indexed as
/// overlapping character bigrams (轨道交通 → 轨道 道交 交通), the approach of Lucene's CJK
/// analyzer: a query phrase matches wherever its bigrams all occur, with no dictionary to miss new
/// technical words. Latin text is split into lower-case words with a light plural folding.
/// The terms go into a 'simple' tsvector, so PostgreSQL's GIN index and ranking do the rest.
/// </summary>
public static class SearchTerms
{
    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its",
        "of", "on", "or", "that", "the", "to", "with", "which", "this", "using", "based", "method", "device", "system",
    };

    // Function characters that break a Chinese run instead of forming bigrams with their neighbours.
    private static readonly char[] ChineseBreaks = ['的', '及', '与', '和', '或', '其', '、'];

    /// <summary>The terms of a text, in order, duplicates kept (their count matters for ranking).</summary>
    public static IReadOnlyList<string> Of(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return terms;
        }

        var normalized = text.Normalize(NormalizationForm.FormKC); // full-width letters and digits → ASCII
        var latin = new StringBuilder();
        var han = new StringBuilder();
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (IsHan(rune))
            {
                FlushLatin(latin, terms);
                han.Append(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                FlushHan(han, terms);
                latin.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else
            {
                FlushLatin(latin, terms);
                FlushHan(han, terms);
            }
        }

        FlushLatin(latin, terms);
        FlushHan(han, terms);
        return terms;
    }

    /// <summary>The distinct terms as one space-separated string for <c>to_tsvector('simple', ...)</c>.</summary>
    public static string Document(params string?[] texts) => string.Join(' ', texts.SelectMany(Of));

    /// <summary>
    /// A tsquery string requiring every term of the query (AND), or null when the query has none.
    /// Terms are quoted so that no user input is read as tsquery syntax.
    /// </summary>
    public static string? Query(string? text)
    {
        var terms = Of(text).Distinct(StringComparer.Ordinal).ToList();
        return terms.Count == 0 ? null : string.Join(" & ", terms.Select(t => $"'{t.Replace("'", "''", StringComparison.Ordinal)}'"));
    }

    private static void FlushLatin(StringBuilder latin, List<string> terms)
    {
        if (latin.Length == 0)
        {
            return;
        }

        var word = latin.ToString();
        latin.Clear();
        if (word.Length < 2 && !char.IsDigit(word[0]))
        {
            return;
        }

        if (EnglishStopWords.Contains(word))
        {
            return;
        }

        terms.Add(Fold(word));
    }

    private static void FlushHan(StringBuilder han, List<string> terms)
    {
        if (han.Length == 0)
        {
            return;
        }

        // "一种" (“a kind of”) opens most Chinese patent titles and says nothing.
        var run = han.ToString().Replace("一种", "的", StringComparison.Ordinal);
        han.Clear();
        foreach (var part in run.Split(ChineseBreaks, StringSplitOptions.RemoveEmptyEntries))
        {
            var runes = part.EnumerateRunes().Select(r => r.ToString()).ToArray();
            if (runes.Length == 1)
            {
                terms.Add(runes[0]);
                continue;
            }

            for (var i = 0; i + 1 < runes.Length; i++)
            {
                terms.Add(runes[i] + runes[i + 1]);
            }
        }
    }

    /// <summary>Plural and a few verb endings folded, so "converters" finds "converter".</summary>
    private static string Fold(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    private static bool IsHan(Rune rune)
    {
        var v = rune.Value;
        return v is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0xF900 and <= 0xFAFF);
    }
}
