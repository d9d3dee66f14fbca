using System.Text.RegularExpressions;

namespace IpExchange.Contract.Tests;

/// <summary>What the binding text may contain of the Latin alphabet: codes (ids, numbers of patents and documents) and nothing else.</summary>
public static partial class BindingText
{
    /// <summary>
    /// The Latin words of a text that are not codes. A code holds a digit or a hyphen (AG-DEAL-…,
    /// 201910100001.X, org-swrtu, BY-PG-2026-001); an English word holds neither.
    /// </summary>
    public static IReadOnlyList<string> LatinWords(string text) =>
        LatinRun().Matches(text).Select(m => m.Value).Where(w => !w.Any(c => char.IsAsciiDigit(c) || c == '-')).Distinct().ToList();

    [GeneratedRegex("[A-Za-z0-9][A-Za-z0-9.\\-]*")]
    private static partial Regex LatinRun();
}
