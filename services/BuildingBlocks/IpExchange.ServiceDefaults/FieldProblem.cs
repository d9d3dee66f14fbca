using System.Globalization;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// One thing wrong with one field: a stable code a client translates (<c>text.too-long</c>), the
/// parameters the sentence needs (<c>max: 200</c>), and an English message for logs and scripts.
/// </summary>
public sealed record FieldProblem(string Code, string Message, IReadOnlyDictionary<string, object?>? Parameters = null)
{
    /// <summary>The code and parameters as the problem body's <c>codes</c> entries carry them.</summary>
    public IReadOnlyDictionary<string, object?> ToCodeEntry()
    {
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = Code };
        foreach (var (name, value) in Parameters ?? new Dictionary<string, object?>())
        {
            entry[name] = value;
        }

        return entry;
    }
}

/// <summary>The codes every service shares; a service's own rule codes are named after its slice.</summary>
public static class FieldCodes
{
    public const string Required = "required";
    public const string Invalid = "invalid";
    public const string TooLong = "text.too-long";
    public const string ControlCharacter = "text.control-character";
    public const string BidiControl = "text.bidi-control";
    public const string WrongType = "json.wrong-type";
    public const string NotAllowedValue = "json.not-allowed-value";
    public const string MalformedJson = "json.malformed";
    public const string OutOfRange = "number.out-of-range";
    public const string TooMany = "list.too-many";
    public const string TooFew = "list.too-few";
    public const string Duplicate = "list.duplicate";
    public const string TooPrecise = "number.too-many-decimals";
    public const string NotPositive = "number.not-positive";
    public const string Negative = "number.negative";
    public const string DateInPast = "date.in-past";
    public const string DateInFuture = "date.in-future";
    public const string DateOutOfRange = "date.out-of-range";
    public const string UnsupportedMediaType = "body.unsupported-media-type";
    public const string PreconditionRequired = "precondition.required";
    public const string MalformedPrecondition = "precondition.malformed";
}

/// <summary>
/// What text a person may send: no control characters but line breaks and tabs, and none of the
/// bidirectional embedding, override or isolate controls, which can make a binding text read
/// differently on screen from what it says (U+202E turns "txt.exe" into "exe.txt").
/// </summary>
public static class SafeText
{
    public static FieldProblem? Check(string? value, bool multiLine = true)
    {
        if (value is null)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (c is '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069')
            {
                return new FieldProblem(FieldCodes.BidiControl,
                    string.Create(CultureInfo.InvariantCulture, $"Bidirectional control characters (U+{(int)c:X4}) are not allowed."),
                    new Dictionary<string, object?> { ["character"] = string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}") });
            }

            if (char.IsControl(c) && !(multiLine && c is '\n' or '\r' or '\t'))
            {
                return new FieldProblem(FieldCodes.ControlCharacter,
                    string.Create(CultureInfo.InvariantCulture, $"Control characters (U+{(int)c:X4}) are not allowed."),
                    new Dictionary<string, object?> { ["character"] = string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}") });
            }
        }

        return null;
    }
}
