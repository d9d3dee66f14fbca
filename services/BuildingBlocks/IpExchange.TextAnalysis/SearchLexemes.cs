using System.Globalization;
using System.Text;

namespace IpExchange.TextAnalysis;

/// <summary>
/// The analyzer's words as PostgreSQL full-text lexemes, so that a listing search finds what the
/// matching finds: jieba words (硬质合金 stays whole, no 质合), stemmed English, and the vocabulary's
/// concepts, which put 钨钢, 硬质合金 and cemented carbide under one lexeme. PostgreSQL has no Chinese
/// parser, so the lexemes are made here and handed over as tsvector and tsquery literals: no
/// parser of PostgreSQL's splits them again.
/// </summary>
/// <remarks>
/// A concept's lexeme is its Chinese name (<c>c:硬质合金</c>), not its number in the vocabulary,
/// so stored vectors stay right when concepts are added; other words are <c>z:</c> and the Chinese
/// word, or <c>e:</c> and the English stem. A vocabulary that renames or splits a concept needs the
/// stored vectors rebuilt (the Listing service's search projection).
/// </remarks>
public sealed class SearchLexemes(TextAnalyzer analyzer)
{
    /// <summary>PostgreSQL keeps positions up to 16383; later words share the last.</summary>
    private const int MaxPosition = 16383;

    public TextAnalyzer Analyzer { get; } = analyzer;

    /// <summary>The lexeme of a term: stable across vocabulary versions that keep the concept's name.</summary>
    public string Lexeme(AnalyzedTerm term) =>
        term.ConceptId >= 0 ? "c:" + Analyzer.Vocabulary.Concepts[term.ConceptId].Name : term.Key;

    /// <summary>Every lexeme of the texts in order, whole words and the words inside them alike.</summary>
    public IReadOnlyList<string> Of(params IEnumerable<string?> texts) =>
        [.. texts.SelectMany(t => Analyzer.Analyze(t)).Select(Lexeme)];

    /// <summary>
    /// A tsvector literal of the texts with every lexeme at its position and the field's weight
    /// (<c>'c:硬质合金':1A,7A 'z:刀片':2A</c>), for <c>?::tsvector</c>: weights live on positions, so
    /// each occurrence gets one, and a word said three times counts more in <c>ts_rank</c>.
    /// </summary>
    public string Vector(char weight, params IEnumerable<string?> texts)
    {
        if (weight is not ('A' or 'B' or 'C' or 'D'))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A tsvector weight is A, B, C or D.");
        }

        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var position = 0;
        foreach (var lexeme in Of(texts))
        {
            position = Math.Min(position + 1, MaxPosition);
            if (!positions.TryGetValue(lexeme, out var list))
            {
                positions[lexeme] = list = [];
            }

            // PostgreSQL keeps at most 256 positions of a lexeme.
            if (list.Count < 256 && (list.Count == 0 || list[^1] != position))
            {
                list.Add(position);
            }
        }

        var vector = new StringBuilder();
        foreach (var (lexeme, at) in positions)
        {
            vector.Append(vector.Length == 0 ? "" : " ").Append(Quote(lexeme)).Append(':')
                .AppendJoin(',', at.Select(p => p.ToString(CultureInfo.InvariantCulture) + weight));
        }

        return vector.ToString();
    }

    /// <summary>
    /// A tsquery literal needing every written word of the query, each in any of its whole forms
    /// (<c>('c:硬质合金') &amp; ('z:刀片' | 'e:insert')</c>); null when the query has no word that
    /// counts. Quoted lexemes only, so nothing the user typed is read as tsquery syntax.
    /// </summary>
    public string? Query(string? text)
    {
        var groups = Analyzer.AnalyzeWords(text)
            .Select(w => w.Whole.Select(Lexeme).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList())
            .Where(g => g.Count > 0)
            .Select(g => "(" + string.Join(" | ", g.Select(Quote)) + ")")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return groups.Count == 0 ? null : string.Join(" & ", groups);
    }

    /// <summary>A lexeme quoted for tsvector and tsquery input: quotes doubled, backslashes escaped.</summary>
    private static string Quote(string lexeme) =>
        "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
