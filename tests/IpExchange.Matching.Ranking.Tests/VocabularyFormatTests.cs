using System.Text.RegularExpressions;
using IpExchange.TextAnalysis;

namespace IpExchange.Matching.Ranking.Tests;

/// <summary>The vocabulary files are data the team edits by hand: their format is held here.</summary>
public sealed partial class VocabularyFormatTests
{
    private static IEnumerable<string> ConceptFiles() => Directory.GetFiles(Path.Combine(Vocabulary.Directory, "concepts"), "*.tsv");

    private static IEnumerable<(string File, int Number, string[] Columns)> ConceptLines() =>
        ConceptFiles().SelectMany(f => TechnicalVocabulary.Lines(f).Select(l => (Path.GetFileName(f), l.Number, l.Line.Split('\t'))));

    [Fact]
    public void There_is_a_general_glossary_and_a_file_per_industry()
    {
        var names = ConceptFiles().Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Superset(new HashSet<string?> { "general", "rail-transit", "hard-materials", "aero-engines", "biomedicine", "new-materials", "agriculture-food", "environment", "semiconductors" }, names);
    }

    [Fact]
    public void Every_concept_line_has_Chinese_forms_English_forms_and_abbreviations()
    {
        var problems = new List<string>();
        foreach (var (file, number, columns) in ConceptLines())
        {
            if (columns.Length != 3)
            {
                problems.Add($"{file}:{number}: {columns.Length} columns, not 3");
                continue;
            }

            var zh = columns[0].Split('|');
            if (zh.Length == 0 || zh.Any(z => !HanOnly().IsMatch(z)))
            {
                problems.Add($"{file}:{number}: Chinese forms must be Chinese characters only: '{columns[0]}'");
            }

            if (columns[1].Split('|', StringSplitOptions.RemoveEmptyEntries).Any(e => !EnglishForm().IsMatch(e)))
            {
                problems.Add($"{file}:{number}: English forms are lower-case ASCII words: '{columns[1]}'");
            }

            if (columns[2].Split('|', StringSplitOptions.RemoveEmptyEntries).Any(a => !Abbreviation().IsMatch(a)))
            {
                problems.Add($"{file}:{number}: abbreviations are ASCII without spaces: '{columns[2]}'");
            }

            if (columns[1].Length == 0 && columns[2].Length == 0)
            {
                problems.Add($"{file}:{number}: a concept needs an English form or an abbreviation, else it joins no languages");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void No_form_belongs_to_two_concepts()
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var (file, number, columns) in ConceptLines().Where(l => l.Columns.Length == 3))
        {
            var forms = columns[0].Split('|').Select(z => "zh " + z)
                .Concat(columns[1].Split('|', StringSplitOptions.RemoveEmptyEntries).Select(e => "en " + e))
                .Concat(columns[2].Split('|', StringSplitOptions.RemoveEmptyEntries).Select(a => "abbr " + a))
                .Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var form in forms)
            {
                if (!owners.TryAdd(form, $"{file}:{number}"))
                {
                    problems.Add($"{form} in {owners[form]} and {file}:{number}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void No_stop_word_is_a_form_of_a_concept()
    {
        var vocabulary = Vocabulary.Analyzer.Vocabulary;
        var singleEnglish = vocabulary.Concepts.SelectMany(c => c.English).Where(e => !e.Contains(' ', StringComparison.Ordinal)).ToHashSet();
        Assert.DoesNotContain(vocabulary.ChineseStopWords, s => vocabulary.ConceptOfChinese(s) is not null);
        Assert.DoesNotContain(vocabulary.EnglishStopWords, singleEnglish.Contains);
    }

    [Fact]
    public void Classification_titles_are_a_code_and_two_titles()
    {
        var ipc = TechnicalVocabulary.Lines(Path.Combine(Vocabulary.Directory, "ipc-titles.tsv")).Select(l => l.Line.Split('\t')).ToList();
        var locarno = TechnicalVocabulary.Lines(Path.Combine(Vocabulary.Directory, "locarno-titles.tsv")).Select(l => l.Line.Split('\t')).ToList();
        Assert.All(ipc, c => Assert.True(c.Length == 3 && IpcSubclass().IsMatch(c[0]) && c[1].Length > 0 && c[2].Length > 0, string.Join(" | ", c)));
        Assert.All(locarno, c => Assert.True(c.Length == 3 && LocarnoClass().IsMatch(c[0]) && c[1].Length > 0 && c[2].Length > 0, string.Join(" | ", c)));
        Assert.True(ipc.Count >= 100, $"{ipc.Count} IPC subclasses");
    }

    [Fact]
    public void The_user_dictionary_is_in_jiebas_format()
    {
        var lines = TechnicalVocabulary.Lines(Path.Combine(Vocabulary.Directory, "user-dict.zh.txt")).ToList();
        Assert.All(lines, l => Assert.Matches(UserWord(), l.Line));
        Assert.Equal(lines.Count, lines.Select(l => l.Line.Split(' ')[0]).Distinct().Count());
    }

    [Fact]
    public void Stop_word_files_hold_one_word_a_line()
    {
        foreach (var file in new[] { "stopwords.zh.txt", "stopwords.en.txt" })
        {
            Assert.All(TechnicalVocabulary.Lines(Path.Combine(Vocabulary.Directory, file)), l => Assert.DoesNotContain(' ', l.Line.Trim()));
        }
    }

    [Fact]
    public void The_CC_CEDICT_extract_is_headwords_and_glosses_beside_its_licence()
    {
        var directory = Path.Combine(Vocabulary.Directory, "cedict");
        Assert.Contains("CC BY-SA 4.0", File.ReadAllText(Path.Combine(directory, "LICENSE.txt")), StringComparison.Ordinal);
        var lines = TechnicalVocabulary.Lines(Path.Combine(directory, "cedict.tsv")).Select(l => l.Line.Split('\t')).ToList();
        Assert.True(lines.Count > 50_000, $"{lines.Count} entries");
        Assert.All(lines, c => Assert.True(c.Length == 2 && HanOnly().IsMatch(c[0]) && c[1].Split('|').All(g => EnglishForm().IsMatch(g)), string.Join(" | ", c)));
        Assert.True(Vocabulary.Analyzer.Vocabulary.Dictionary.Count > 50_000);
    }

    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}+$")]
    private static partial Regex HanOnly();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9 \-/(),.'+]*$")]
    private static partial Regex EnglishForm();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9\-().,+]*$")]
    private static partial Regex Abbreviation();

    [GeneratedRegex(@"^[A-H][0-9]{2}[A-Z]$")]
    private static partial Regex IpcSubclass();

    [GeneratedRegex(@"^[0-9]{2}-[0-9]{2}$")]
    private static partial Regex LocarnoClass();

    [GeneratedRegex(@"^\S+( [0-9]+)?( [a-z]+)?$")]
    private static partial Regex UserWord();
}
