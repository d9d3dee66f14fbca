using System.Text;

namespace IpExchange.TextAnalysis;

/// <summary>
/// A term of an analysed text. <see cref="Key"/> is what the index compares: "c:" and the concept's
/// name for a word of the vocabulary (the same key for 硬质合金, 钨钢, cemented carbide and
/// hardmetal), "z:" and the word for other Chinese words, "e:" and the stem for other English words.
/// <see cref="Surface"/> is the word as written, for reasons. A word found inside a longer one
/// (变流器 in 牵引变流器) weighs half.
/// </summary>
public readonly record struct AnalyzedTerm(string Key, string Surface, int ConceptId, float Weight)
{
    public const float Whole = 1f;
    public const float Inner = 0.5f;

    public bool IsConcept => ConceptId >= 0;
}

/// <summary>One word as written and its terms: <see cref="Whole"/> stand for the word, <see cref="Parts"/> for words inside it.</summary>
public sealed record WrittenWord(string Surface, IReadOnlyList<AnalyzedTerm> Whole, IReadOnlyList<AnalyzedTerm> Parts);

/// <summary>
/// Turns a Chinese, English or mixed text into terms for matching: Chinese runs are segmented by
/// jieba (with the platform's words), English runs split into words and stemmed; words of the
/// vocabulary become concepts, so a Chinese and an English text about the same thing share terms;
/// stop words, numbers and lone characters are dropped.
/// </summary>
public sealed class TextAnalyzer(TechnicalVocabulary vocabulary, ChineseSegmenter segmenter)
{
    public TechnicalVocabulary Vocabulary { get; } = vocabulary;

    public static TextAnalyzer LoadDefault()
    {
        var vocabulary = TechnicalVocabulary.LoadDefault();
        return new TextAnalyzer(vocabulary, new ChineseSegmenter(vocabulary));
    }

    public List<AnalyzedTerm> Analyze(string? text)
    {
        var terms = new List<AnalyzedTerm>();
        Analyze(text, terms, null);
        return terms;
    }

    /// <summary>
    /// The text word by word as written: for each, the terms that stand for the whole word (its
    /// concept, the word itself, or its dictionary translations) and those of the words inside it.
    /// A search needs every written word, in any of its whole forms; the parts are for documents.
    /// </summary>
    public List<WrittenWord> AnalyzeWords(string? text)
    {
        var terms = new List<AnalyzedTerm>();
        var spans = new List<WordSpan>();
        Analyze(text, terms, spans);
        return [.. spans.Select(s => new WrittenWord(s.Surface, terms[s.Start..s.WholeEnd], terms[s.WholeEnd..s.End]))];
    }

    private void Analyze(string? text, List<AnalyzedTerm> terms, List<WordSpan>? words)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var normalized = text.Normalize(NormalizationForm.FormKC);
        var run = new StringBuilder();
        var han = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            var isHan = IsHan(rune);
            if (run.Length > 0 && isHan != han)
            {
                Flush();
            }

            han = isHan;
            run.Append(rune.ToString());
        }

        Flush();

        void Flush()
        {
            if (run.Length == 0)
            {
                return;
            }

            if (han)
            {
                AnalyzeChinese(run.ToString(), terms, words);
            }
            else
            {
                AnalyzeLatin(run.ToString(), terms, words);
            }

            run.Clear();
        }
    }

    /// <summary>A concept's display: 碳化硅 / silicon carbide (SiC).</summary>
    public string Describe(int conceptId) => TechnicalVocabulary.Describe(Vocabulary.Concepts[conceptId]);

    private void AnalyzeChinese(string text, List<AnalyzedTerm> terms, List<WordSpan>? words)
    {
        foreach (var word in segmenter.Cut(text))
        {
            var start = terms.Count;
            var concept = Vocabulary.ConceptOfChinese(word);
            if (concept is { } id)
            {
                terms.Add(new AnalyzedTerm(ConceptKey(id), word, id, AnalyzedTerm.Whole));
            }
            else if (word.Length > 1 && !Vocabulary.ChineseStopWords.Contains(word))
            {
                terms.Add(new AnalyzedTerm("z:" + word, word, -1, AnalyzedTerm.Whole));
            }

            var whole = terms.Count;
            if (word.Length > 2)
            {
                Inside(word, concept, terms);
            }

            words?.Add(new WordSpan(word, start, whole, terms.Count));
        }
    }

    /// <summary>
    /// The words inside a longer word, at half weight: concepts of the vocabulary (变流器 in
    /// 牵引变流器, so a demand for 变流器 finds it) and jieba's own two- and three-character words (as
    /// jieba's search mode does); never a sequence no dictionary knows, so 硬质合金 gives no 质合.
    /// </summary>
    private void Inside(string word, int? wholeConcept, List<AnalyzedTerm> terms)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var length = Math.Min(word.Length - 1, Vocabulary.LongestChineseForm); length >= 2; length--)
        {
            for (var start = 0; start + length <= word.Length; start++)
            {
                var part = word.Substring(start, length);
                if (!seen.Add(part))
                {
                    continue;
                }

                if (Vocabulary.ConceptOfChinese(part) is { } id)
                {
                    if (id != wholeConcept)
                    {
                        terms.Add(new AnalyzedTerm(ConceptKey(id), part, id, AnalyzedTerm.Inner));
                    }
                }
                else if (length <= 3 && ChineseSegmenter.Knows(part) && !Vocabulary.ChineseStopWords.Contains(part))
                {
                    terms.Add(new AnalyzedTerm("z:" + part, part, -1, AnalyzedTerm.Inner));
                }
            }
        }
    }

    /// <summary>
    /// English words: abbreviations as written (SiC, PCBN; short ones only in their written case, so
    /// "do" is not DO, dissolved oxygen), then the longest phrase of the vocabulary over the stems
    /// ("spark plasma sintering" before "plasma"), whose words also count at half weight; other words
    /// by their stem unless they are stop words or numbers.
    /// </summary>
    private void AnalyzeLatin(string text, List<AnalyzedTerm> terms, List<WordSpan>? words)
    {
        var tokens = LatinTokens.Split(text);
        var stems = tokens.Select(t => EnglishStemmer.Stem(t.Lower)).ToArray();
        var i = 0;
        while (i < tokens.Count)
        {
            var start = terms.Count;
            if (MatchAbbreviation(tokens, i) is { } abbreviation)
            {
                var surface = string.Join('-', tokens.Skip(i).Take(abbreviation.Length).Select(t => t.Text));
                terms.Add(new AnalyzedTerm(ConceptKey(abbreviation.Concept), surface, abbreviation.Concept, AnalyzedTerm.Whole));
                words?.Add(new WordSpan(surface, start, terms.Count, terms.Count));
                i += abbreviation.Length;
                continue;
            }

            if (MatchPhrase(stems, i) is { } phrase)
            {
                var surface = string.Join(' ', tokens.Skip(i).Take(phrase.Length).Select(t => t.Lower));
                terms.Add(new AnalyzedTerm(ConceptKey(phrase.Concept), surface, phrase.Concept, AnalyzedTerm.Whole));
                var whole = terms.Count;
                if (phrase.Length > 1)
                {
                    for (var w = i; w < i + phrase.Length; w++)
                    {
                        if (Word(tokens[w], stems[w], AnalyzedTerm.Inner, phrase.Concept) is { } inner)
                        {
                            terms.Add(inner);
                        }
                    }
                }

                words?.Add(new WordSpan(surface, start, whole, terms.Count));
                i += phrase.Length;
                continue;
            }

            if (Translate(tokens, stems, i, terms) is { } translated)
            {
                // The translations and, for a single word, the word itself stand for it; the words of a phrase are its parts.
                var surface = string.Join(' ', tokens.Skip(i).Take(translated.Length).Select(t => t.Lower));
                words?.Add(new WordSpan(surface, start, translated.Length == 1 ? terms.Count : translated.WholeEnd, terms.Count));
                i += translated.Length;
                continue;
            }

            if (Word(tokens[i], stems[i], AnalyzedTerm.Whole, -1) is { } word)
            {
                terms.Add(word);
                words?.Add(new WordSpan(word.Surface, start, terms.Count, terms.Count));
            }

            i++;
        }
    }

    /// <summary>
    /// An English word or phrase (longest first) no concept names, through CC-CEDICT into the Chinese
    /// words a Chinese-only listing uses; the English words stay too (for English listings), at half
    /// weight. Several translations share the weight of one word. Returns how many tokens it took and
    /// where its translations end among the terms.
    /// </summary>
    private (int Length, int WholeEnd)? Translate(List<LatinToken> tokens, string[] stems, int at, List<AnalyzedTerm> terms)
    {
        if (Vocabulary.EnglishStopWords.Contains(tokens[at].Lower) || tokens[at].Lower.Length < 3)
        {
            return null;
        }

        for (var length = Math.Min(BilingualDictionary.LongestGloss, tokens.Count - at); length >= 1; length--)
        {
            if (Vocabulary.Dictionary.Translate(stems.AsSpan(at, length)) is not { } headwords)
            {
                continue;
            }

            var surface = string.Join(' ', tokens.Skip(at).Take(length).Select(t => t.Lower));
            var weight = AnalyzedTerm.Whole / MathF.Sqrt(headwords.Length);
            foreach (var headword in headwords)
            {
                terms.Add(Vocabulary.ConceptOfChinese(headword) is { } concept
                    ? new AnalyzedTerm(ConceptKey(concept), surface, concept, weight)
                    : new AnalyzedTerm("z:" + headword, surface, -1, weight));
            }

            var wholeEnd = terms.Count;
            for (var w = at; w < at + length; w++)
            {
                if (Word(tokens[w], stems[w], length == 1 ? AnalyzedTerm.Whole : AnalyzedTerm.Inner, -1) is { } word)
                {
                    terms.Add(word);
                }
            }

            return (length, wholeEnd);
        }

        return null;
    }

    private AnalyzedTerm? Word(LatinToken token, string stem, float weight, int insideConcept)
    {
        if (token.Lower.Length < 2 || token.Lower.All(char.IsAsciiDigit) || Vocabulary.EnglishStopWords.Contains(token.Lower))
        {
            return null;
        }

        var single = Vocabulary.PhrasesStartingWith(stem).FirstOrDefault(p => p.Stems.Length == 1);
        if (single.Stems is not null)
        {
            return single.Concept == insideConcept ? null : new AnalyzedTerm(ConceptKey(single.Concept), token.Lower, single.Concept, weight);
        }

        return new AnalyzedTerm("e:" + stem, token.Lower, -1, weight);
    }

    private (int Concept, int Length)? MatchPhrase(string[] stems, int at)
    {
        foreach (var (phrase, concept) in Vocabulary.PhrasesStartingWith(stems[at]))
        {
            if (at + phrase.Length <= stems.Length && phrase.AsSpan().SequenceEqual(stems.AsSpan(at, phrase.Length)))
            {
                return (concept, phrase.Length);
            }
        }

        return null;
    }

    private (int Concept, int Length)? MatchAbbreviation(List<LatinToken> tokens, int at)
    {
        foreach (var (abbreviation, concept) in Vocabulary.AbbreviationsStartingWith(tokens[at].Text))
        {
            if (at + abbreviation.Length > tokens.Count)
            {
                continue;
            }

            var matches = true;
            for (var k = 0; k < abbreviation.Length && matches; k++)
            {
                var written = tokens[at + k].Text;
                var last = k == abbreviation.Length - 1;
                matches = SameAbbreviation(abbreviation[k], written) || (last && written.Length == abbreviation[k].Length + 1
                    && written[^1] == 's' && SameAbbreviation(abbreviation[k], written[..^1]));
            }

            if (matches)
            {
                return (concept, abbreviation.Length);
            }
        }

        return null;
    }

    /// <summary>
    /// Long abbreviations (PCBN, MOSFET) match in any case; short ones only as written or in capitals
    /// (SiC, SIC), since in lower case they are English words (map, led, ice, go).
    /// </summary>
    private static bool SameAbbreviation(string abbreviation, string written) =>
        abbreviation.Length >= 4 || abbreviation.Any(char.IsAsciiDigit)
            ? string.Equals(abbreviation, written, StringComparison.OrdinalIgnoreCase)
            : string.Equals(abbreviation, written, StringComparison.Ordinal)
              || (written.All(c => !char.IsAsciiLetterLower(c)) && string.Equals(abbreviation, written, StringComparison.OrdinalIgnoreCase));

    public static string ConceptKey(int conceptId) => "c:" + conceptId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A written word's terms: [Start, WholeEnd) stand for the whole word, [WholeEnd, End) are the words inside it.</summary>
    private readonly record struct WordSpan(string Surface, int Start, int WholeEnd, int End);

    private static bool IsHan(Rune rune)
    {
        var v = rune.Value;
        return v is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0xF900 and <= 0xFAFF);
    }
}
