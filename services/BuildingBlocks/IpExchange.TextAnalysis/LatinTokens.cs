using System.Text;

namespace IpExchange.TextAnalysis;

/// <summary>A Latin word as written and lower-cased: abbreviations are matched on the first, words on the second.</summary>
public readonly record struct LatinToken(string Text, string Lower);

/// <summary>
/// Splits Latin text into words: letters and digits stay together (NCM811, HfO2, 8YSZ), everything
/// else separates, hyphens too, so "wear-resistant" and "wear resistant" give the same words.
/// </summary>
public static class LatinTokens
{
    public static List<LatinToken> Split(string text)
    {
        var tokens = new List<LatinToken>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                Flush();
            }
        }

        if (current.Length > 0)
        {
            Flush();
        }

        return tokens;

        void Flush()
        {
            var word = current.ToString();
            tokens.Add(new LatinToken(word, word.ToLowerInvariant()));
            current.Clear();
        }
    }
}
