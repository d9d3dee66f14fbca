using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IpExchange.Listing.Patents;

/// <summary>
/// The Locarno classification of industrial designs (洛迦诺分类), by which a design patent (外观设计)
/// is classified instead of IPC: class 01–32 and subclass, written "12-08". Class 32 (graphic
/// symbols and logos) has no subclasses and is written "32-00"; every other subclass is 01–99.
/// </summary>
public static partial class LocarnoClass
{
    public const string Invalid = "locarno.invalid";

    [GeneratedRegex(@"^(?<class>\d{1,2})\s*[-–—.]\s*(?<subclass>\d{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Normalises "12-08", "12.08", "12–8" to "12-08", or says why not.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? code, [NotNullWhen(false)] out string? error)
    {
        code = null;
        var match = Shape().Match((input ?? "").Trim());
        if (!match.Success)
        {
            error = $"'{input}' is not a Locarno class: expected class and subclass, e.g. 12-08.";
            return false;
        }

        var @class = int.Parse(match.Groups["class"].Value, CultureInfo.InvariantCulture);
        var subclass = int.Parse(match.Groups["subclass"].Value, CultureInfo.InvariantCulture);
        if (@class is < 1 or > 32 || (@class == 32 ? subclass != 0 : subclass is < 1 or > 99))
        {
            error = $"'{input}' is not a Locarno class: classes run from 01 to 32, subclasses from 01 (class 32 is 32-00).";
            return false;
        }

        code = string.Create(CultureInfo.InvariantCulture, $"{@class:D2}-{subclass:D2}");
        error = null;
        return true;
    }
}
