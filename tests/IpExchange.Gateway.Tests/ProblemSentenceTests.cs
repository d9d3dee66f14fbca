using System.Text.RegularExpressions;

namespace IpExchange.Gateway.Tests;

/// <summary>
/// Every rule and field code a service answers with has a sentence in the web UI's table
/// (wwwroot/js/problems.js): otherwise a person reads the generic sentence for the status, not why.
/// Reads the services' source for the places a code is given (a broken rule, a field check, a field
/// error, an exception's rule, a named constant); no server is needed.
/// </summary>
public sealed partial class ProblemSentenceTests
{
    [Fact]
    public void Every_code_the_services_answer_with_has_a_sentence_in_the_web_UI()
    {
        var root = RepositoryRoot();
        var source = string.Join('\n', Directory.EnumerateFiles(Path.Combine(root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var ui = string.Join('\n', Directory.EnumerateFiles(Path.Combine(root, "gateway", "IpExchange.Gateway", "wwwroot", "js"), "*.js", SearchOption.AllDirectories)
            .Select(File.ReadAllText));

        var codes = new[] { BrokenRule(), FieldCheck(), FieldError(), CodeConstant(), ExceptionCode() }
            .SelectMany(pattern => pattern.Matches(source).Select(m => m.Groups["code"].Value))
            .Where(code => !NotProblemCodes.Contains(code))
            .ToHashSet(StringComparer.Ordinal);

        // The scan finds the codes at all: the Finance service's and the auctions' among them.
        Assert.Contains("loan.appraisal-outdated", codes);
        Assert.Contains("auction.registration-closed", codes);
        Assert.True(codes.Count > 100, $"only {codes.Count} codes found: the patterns no longer match the services' source");

        var missing = codes.Where(code => !ui.Contains($"'{code}'", StringComparison.Ordinal) && !ui.Contains($"\"{code}\"", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "codes without a sentence in problems.js: " + string.Join(", ", missing));
    }

    /// <summary>Dotted names in the same positions that are not answers to a person (a cookie's name).</summary>
    private static readonly HashSet<string> NotProblemCodes = ["ipx.signin-refusal"];

    private const string Code = @"(?<code>[a-z][a-z0-9-]*\.[a-z0-9.-]+)";

    // Rule.Broken("auction.closed", ...), Broken("bid.below-increment", ...)
    [GeneratedRegex(@"Broken\(\s*""(?<code>[a-z][a-z0-9.-]+)""")]
    private static partial Regex BrokenRule();

    // errors.Check(condition, "field", "loan.fee-over-cap", ...), over several lines
    [GeneratedRegex(@"\.Check\([^;]*?,\s*\$?""[^""]*"",\s*""" + Code + @"""", RegexOptions.Singleline)]
    private static partial Regex FieldCheck();

    // errors.Add("field", "listing.patent-not-owned", ...)
    [GeneratedRegex(@"\.Add\(\s*\$?""[^""]*"",\s*""" + Code + @"""")]
    private static partial Regex FieldError();

    // public const string DateInPast = "date.in-past";
    [GeneratedRegex(@"const string \w+ = """ + Code + @"""")]
    private static partial Regex CodeConstant();

    // new ForbiddenException("member.signer-required", ...)
    [GeneratedRegex(@"Exception\(\s*""" + Code + @"""")]
    private static partial Regex ExceptionCode();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IpExchange.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("IpExchange.sln not found above " + AppContext.BaseDirectory);
    }
}
