using System.Globalization;
using System.Text;

namespace IpExchange.TextAnalysis;

/// <summary>
/// One technical meaning in both languages: its Chinese forms (the first names it), English names and
/// abbreviations, from one of the vocabulary files (<see cref="Source"/>: general or an industry).
/// </summary>
public sealed record Concept(int Id, string Name, IReadOnlyList<string> Chinese, IReadOnlyList<string> English, IReadOnlyList<string> Abbreviations, string Source)
{
    public string? EnglishName => English.Count > 0 ? English[0] : null;

    public string? Abbreviation => Abbreviations.Count > 0 ? Abbreviations[0] : null;
}

/// <summary>A classification's title in both languages (IPC subclass, Locarno class).</summary>
public sealed record ClassTitle(string Code, string Chinese, string English);

/// <summary>
/// The platform's vocabulary, read from the Vocabulary folder (see its README): concepts joining
/// synonyms, abbreviations and English names; stop words; IPC and Locarno titles; the jieba user
/// dictionary. Immutable once loaded and shared by every analysis.
/// </summary>
public sealed class TechnicalVocabulary
{
    private readonly Dictionary<string, int> chineseForms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string[] Stems, int Concept)>> englishPhrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string[] Tokens, int Concept)>> abbreviations = new(StringComparer.OrdinalIgnoreCase);

    private TechnicalVocabulary(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public IReadOnlyList<Concept> Concepts { get; private set; } = [];

    public IReadOnlySet<string> ChineseStopWords { get; private set; } = new HashSet<string>();

    public IReadOnlySet<string> EnglishStopWords { get; private set; } = new HashSet<string>();

    public IReadOnlyDictionary<string, ClassTitle> IpcTitles { get; private set; } = new Dictionary<string, ClassTitle>();

    public IReadOnlyDictionary<string, ClassTitle> LocarnoTitles { get; private set; } = new Dictionary<string, ClassTitle>();

    /// <summary>CC-CEDICT's glosses read backwards: the fallback for English words no concept names.</summary>
    public BilingualDictionary Dictionary { get; private set; } = BilingualDictionary.Empty;

    public string UserDictionaryPath => Path.Combine(Directory, "user-dict.zh.txt");

    /// <summary>The longest Chinese form, so the analyzer knows how far to look inside a word.</summary>
    public int LongestChineseForm { get; private set; }

    /// <summary>The vocabulary copied beside the application (the Vocabulary folder of the build output).</summary>
    public static TechnicalVocabulary LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, "Vocabulary"));

    public static TechnicalVocabulary Load(string directory)
    {
        var vocabulary = new TechnicalVocabulary(directory);
        vocabulary.Read();
        return vocabulary;
    }

    /// <summary>The concept a Chinese word is a form of, if any.</summary>
    public int? ConceptOfChinese(string word) => chineseForms.TryGetValue(word, out var id) ? id : null;

    public IEnumerable<string> ChineseForms => chineseForms.Keys;

    /// <summary>English phrases (stemmed) starting with <paramref name="stem"/>, longest first.</summary>
    internal IReadOnlyList<(string[] Stems, int Concept)> PhrasesStartingWith(string stem) =>
        englishPhrases.TryGetValue(stem, out var list) ? list : [];

    /// <summary>Abbreviations (as written, tokenised) starting with <paramref name="token"/>, longest first.</summary>
    internal IReadOnlyList<(string[] Tokens, int Concept)> AbbreviationsStartingWith(string token) =>
        abbreviations.TryGetValue(token, out var list) ? list : [];

    private void Read()
    {
        var concepts = new List<Concept>();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, "concepts"), "*.tsv").Order(StringComparer.Ordinal))
        {
            var source = Path.GetFileNameWithoutExtension(file);
            foreach (var (line, number) in Lines(file))
            {
                var columns = line.Split('\t');
                if (columns.Length != 3)
                {
                    throw new InvalidDataException($"{file}:{number}: a concept line has three tab-separated columns (Chinese, English, abbreviations)");
                }

                var zh = Forms(columns[0]);
                var concept = new Concept(concepts.Count, zh[0], zh, Forms(columns[1]), Forms(columns[2]), source);
                concepts.Add(concept);
                foreach (var form in concept.Chinese)
                {
                    chineseForms.TryAdd(form, concept.Id);
                    LongestChineseForm = Math.Max(LongestChineseForm, form.Length);
                }

                foreach (var form in concept.English)
                {
                    var stems = LatinTokens.Split(form).Select(t => EnglishStemmer.Stem(t.Lower)).ToArray();
                    if (stems.Length > 0)
                    {
                        Add(englishPhrases, stems[0], (stems, concept.Id));
                    }
                }

                foreach (var form in concept.Abbreviations)
                {
                    var tokens = LatinTokens.Split(form).Select(t => t.Text).ToArray();
                    if (tokens.Length > 0)
                    {
                        Add(abbreviations, tokens[0], (tokens, concept.Id));
                    }
                }
            }
        }

        foreach (var list in englishPhrases.Values)
        {
            list.Sort((a, b) => b.Stems.Length.CompareTo(a.Stems.Length));
        }

        foreach (var list in abbreviations.Values)
        {
            list.Sort((a, b) => b.Tokens.Length.CompareTo(a.Tokens.Length));
        }

        Concepts = concepts;
        ChineseStopWords = Lines(Path.Combine(Directory, "stopwords.zh.txt")).Select(l => l.Line.Trim()).ToHashSet(StringComparer.Ordinal);
        EnglishStopWords = Lines(Path.Combine(Directory, "stopwords.en.txt")).Select(l => l.Line.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        IpcTitles = Titles(Path.Combine(Directory, "ipc-titles.tsv"));
        LocarnoTitles = Titles(Path.Combine(Directory, "locarno-titles.tsv"));
        Dictionary = BilingualDictionary.Load(Path.Combine(Directory, "cedict", "cedict.tsv"), ChineseStopWords);
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(value);
    }

    private static List<string> Forms(string column) =>
        [.. column.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static Dictionary<string, ClassTitle> Titles(string file) => Lines(file)
        .Select(l => l.Line.Split('\t'))
        .Where(c => c.Length == 3)
        .ToDictionary(c => c[0].Trim(), c => new ClassTitle(c[0].Trim(), c[1].Trim(), c[2].Trim()), StringComparer.Ordinal);

    /// <summary>The non-empty, non-comment lines of a UTF-8 file with their line numbers.</summary>
    public static IEnumerable<(string Line, int Number)> Lines(string file)
    {
        var number = 0;
        foreach (var line in File.ReadLines(file, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            yield return (line, number);
        }
    }

    internal static string Describe(Concept concept)
    {
        var parts = new StringBuilder(concept.Name);
        if (concept.EnglishName is { } en)
        {
            parts.Append(CultureInfo.InvariantCulture, $" / {en}");
        }

        if (concept.Abbreviation is { } abbreviation)
        {
            parts.Append(CultureInfo.InvariantCulture, $" ({abbreviation})");
        }

        return parts.ToString();
    }
}
