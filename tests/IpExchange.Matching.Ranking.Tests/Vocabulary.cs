using IpExchange.TextAnalysis;

namespace IpExchange.Matching.Ranking.Tests;

/// <summary>One analyzer for the test run: jieba's dictionary takes a second to load and is process-wide anyway.</summary>
internal static class Vocabulary
{
    private static readonly Lazy<TextAnalyzer> Shared = new(TextAnalyzer.LoadDefault);

    public static TextAnalyzer Analyzer => Shared.Value;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Vocabulary");
}
