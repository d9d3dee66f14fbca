using JiebaNet.Segmenter;

namespace IpExchange.TextAnalysis;

/// <summary>
/// jieba word segmentation with the platform's vocabulary, so that 硬质合金 stays one word instead of
/// the bigrams 硬质 质合 合金 (质合 joined unrelated patents). jieba.NET reads its dictionary from
/// <c>ConfigManager.ConfigFileBaseDir</c>, by default a Resources folder that its package does not
/// copy; the build copies what segmentation needs to jieba/ beside the application, and the
/// segmenter is pointed there relative to the base directory, never by an absolute path.
/// </summary>
public sealed class ChineseSegmenter
{
    // jieba's dictionary and its user words are process-wide (WordDictionary is a singleton), so one
    // segmenter per process; its Cut is not documented as thread-safe, hence the lock.
    private static readonly Lock Gate = new();
    private static JiebaSegmenter? shared;
    private readonly JiebaSegmenter segmenter;

    public ChineseSegmenter(TechnicalVocabulary vocabulary)
    {
        lock (Gate)
        {
            if (shared is null)
            {
                ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
                var jieba = new JiebaSegmenter();
                jieba.LoadUserDict(vocabulary.UserDictionaryPath);

                // Every concept's Chinese forms segment whole; the frequency is that of the user
                // dictionary's words, high enough to win over jieba's split into shorter words.
                foreach (var form in vocabulary.ChineseForms.Where(f => f.Length > 1))
                {
                    jieba.AddWord(form, 2000);
                }

                shared = jieba;
            }

            segmenter = shared;
        }
    }

    /// <summary>The words of a run of Chinese text, in order (jieba's precise mode with its HMM for unknown words).</summary>
    public List<string> Cut(string text)
    {
        lock (Gate)
        {
            return [.. segmenter.Cut(text, cutAll: false, hmm: true)];
        }
    }

    /// <summary>Whether jieba's dictionary (general plus user words) knows the word.</summary>
    public static bool Knows(string word) => WordDictionary.Instance.ContainsWord(word);
}
