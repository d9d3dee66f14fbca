using IpExchange.Contracts;
using IpExchange.Listing.Patents;
using IpExchange.TextAnalysis;

namespace IpExchange.Listing.Listings;

/// <summary>
/// The words the listings are searched by: the Matching service's analyzer (jieba with the
/// platform's vocabulary, stemming, concepts across languages), so the same words match in search
/// as in matching. One per process: jieba's dictionary is process-wide and takes a moment to load,
/// which <see cref="Warm"/> does at start-up instead of in the first request.
/// </summary>
public static class ListingWords
{
    private static readonly Lazy<SearchLexemes> Shared = new(() => new SearchLexemes(TextAnalyzer.LoadDefault()));

    public static SearchLexemes Lexemes => Shared.Value;

    public static void Warm() => Lexemes.Query("预热 warm-up");

    /// <summary>
    /// A listing's classification as words: its IPC codes and their subclass titles, a design's
    /// Locarno class and its title, in both languages, and the patent type when it is not an invention.
    /// </summary>
    public static IEnumerable<string> Classification(IEnumerable<OwnedPatent> patents) =>
        Classification(patents.Select(p => (p.Type, p.IpcCodes, p.LocarnoClass)));

    public static IEnumerable<string> Classification(IEnumerable<(PatentType Type, IReadOnlyList<string> IpcCodes, string? LocarnoClass)> patents)
    {
        var vocabulary = Lexemes.Analyzer.Vocabulary;
        foreach (var patent in patents)
        {
            foreach (var code in patent.IpcCodes)
            {
                yield return code;
                if (vocabulary.IpcTitles.TryGetValue(IpcCode.Subclass(code), out var title))
                {
                    yield return $"{title.Chinese}\n{title.English}";
                }
            }

            if (patent.LocarnoClass is { } locarno)
            {
                yield return locarno;
                if (vocabulary.LocarnoTitles.TryGetValue(locarno, out var design))
                {
                    yield return $"{design.Chinese}\n{design.English}";
                }
            }

            if (patent.Type != PatentType.Invention)
            {
                yield return patent.Type == PatentType.Design ? "外观设计 design patent" : "实用新型 utility model";
            }
        }
    }
}
