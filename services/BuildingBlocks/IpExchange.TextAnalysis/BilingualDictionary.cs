namespace IpExchange.TextAnalysis;

/// <summary>
/// The English-to-Chinese fallback for words the platform's vocabulary does not know: CC-CEDICT's
/// glosses read backwards (Vocabulary/cedict, CC BY-SA 4.0), so "air conditioning" reaches 空调 and
/// "polyurethane" 聚氨酯 in a Chinese-only listing. A general dictionary translates loosely, so its
/// words count less than the vocabulary's concepts (several translations share one word's weight),
/// glosses with more than <see cref="MaxTranslations"/> headwords are too vague to use, and the
/// vocabulary's concepts always win where both know a word.
/// </summary>
public sealed class BilingualDictionary
{
    public const int MaxTranslations = 6;
    public const int LongestGloss = 3;

    private readonly Dictionary<string, string[]> byGloss = new(StringComparer.Ordinal);

    private BilingualDictionary()
    {
    }

    public static BilingualDictionary Empty { get; } = new();

    public int Count => byGloss.Count;

    /// <summary>Reads cedict.tsv (headword, glosses separated by |); a missing file gives an empty dictionary.</summary>
    public static BilingualDictionary Load(string file, IReadOnlySet<string> chineseStopWords)
    {
        var dictionary = new BilingualDictionary();
        if (!File.Exists(file))
        {
            return dictionary;
        }

        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (line, _) in TechnicalVocabulary.Lines(file))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                continue;
            }

            var headword = line[..tab];
            if (chineseStopWords.Contains(headword))
            {
                continue;
            }

            foreach (var gloss in line[(tab + 1)..].Split('|'))
            {
                var key = Key(LatinTokens.Split(gloss).Select(t => EnglishStemmer.Stem(t.Lower)));
                if (key.Length == 0)
                {
                    continue;
                }

                if (!lists.TryGetValue(key, out var list))
                {
                    lists[key] = list = [];
                }

                if (!list.Contains(headword))
                {
                    list.Add(headword);
                }
            }
        }

        foreach (var (key, list) in lists)
        {
            if (list.Count <= MaxTranslations)
            {
                dictionary.byGloss[key] = [.. list];
            }
        }

        return dictionary;
    }

    /// <summary>The Chinese headwords whose gloss is exactly these stems, if any.</summary>
    public string[]? Translate(ReadOnlySpan<string> stems) => byGloss.GetValueOrDefault(Key(stems.ToArray()));

    private static string Key(IEnumerable<string> stems) => string.Join(' ', stems);
}
