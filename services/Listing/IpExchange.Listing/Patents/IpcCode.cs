using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace IpExchange.Listing.Patents;

/// <summary>
/// International Patent Classification symbols: section (A–H), class (two digits), subclass (a
/// letter), then main group / subgroup, e.g. "H02M 7/48". Normalised to that spacing.
/// </summary>
public static partial class IpcCode
{
    public const string Invalid = "ipc.invalid";

    [GeneratedRegex(@"^(?<subclass>[A-H]\d{2}[A-Z])\s*(?<group>\d{1,4})\s*/\s*(?<subgroup>\d{2,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex Full();

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? code, [NotNullWhen(false)] out string? error)
    {
        code = null;
        var match = Full().Match((input ?? "").Trim().ToUpperInvariant());
        if (!match.Success)
        {
            error = $"'{input}' is not an IPC code: expected section A–H, two digits, a letter, then group/subgroup, e.g. H02M 7/48.";
            return false;
        }

        var group = int.Parse(match.Groups["group"].Value, System.Globalization.CultureInfo.InvariantCulture);
        code = $"{match.Groups["subclass"].Value} {group}/{match.Groups["subgroup"].Value}";
        error = null;
        return true;
    }

    /// <summary>"H02M 7/48" → "H" (section), "H02" (class), "H02M" (subclass), "H02M 7" (main group).</summary>
    public static string Section(string code) => code[..1];

    public static string Class(string code) => code[..3];

    public static string Subclass(string code) => code[..4];

    public static string MainGroup(string code) => code.Split('/')[0];
}
