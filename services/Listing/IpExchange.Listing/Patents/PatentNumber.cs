using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using IpExchange.Contracts;

namespace IpExchange.Listing.Patents;

/// <summary>
/// A Chinese patent application number (申请号), with or without the "ZL" of a granted patent
/// (专利号): 12 digits since 2003 (year, type, 7-digit serial) or 8 before (2-digit year, type,
/// 5-digit serial), then a dot and a check character. The check character is the sum of the digits
/// weighted 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 (8-digit numbers: 2...9), modulo 11; 10 is written X.
/// </summary>
public static partial class PatentNumber
{
    /// <summary>The code of every problem with a patent number; the message says which.</summary>
    public const string Invalid = "patent.number-invalid";

    private static readonly int[] Weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

    [GeneratedRegex(@"^(?:ZL|CN)?\s*(?<digits>\d{12}|\d{8})\.?(?<check>[0-9X])$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Normalises "ZL 2023 1 0123456.6", "zl202310123456.6" to "202310123456.6", or says why not.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? number, [NotNullWhen(false)] out string? error)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "A patent or application number is required, e.g. ZL202310123456.6.";
            return false;
        }

        var compact = input.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("．", ".", StringComparison.Ordinal);
        var match = Shape().Match(compact);
        if (!match.Success)
        {
            error = $"'{input}' is not a Chinese patent number: expected 12 digits (or 8 before 2004), a dot and a check digit, e.g. ZL202310123456.6.";
            return false;
        }

        var digits = match.Groups["digits"].Value;
        var expected = CheckCharacter(digits);
        if (match.Groups["check"].Value[0] != expected)
        {
            error = $"The check digit of '{input}' is wrong: for {digits} it must be {expected}.";
            return false;
        }

        var type = TypeDigit(digits);
        if (type is not ('1' or '2' or '3' or '8' or '9'))
        {
            error = $"'{input}' has an unknown patent type digit '{type}' (1 invention, 2 utility model, 3 design, 8/9 PCT).";
            return false;
        }

        number = $"{digits}.{expected}";
        error = null;
        return true;
    }

    public static char CheckCharacter(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        var check = sum % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    /// <summary>The type the number itself declares: 1/8 invention, 2/9 utility model, 3 design.</summary>
    public static PatentType TypeOf(string normalized) => TypeDigit(normalized.Split('.')[0]) switch
    {
        '1' or '8' => PatentType.Invention,
        '2' or '9' => PatentType.UtilityModel,
        _ => PatentType.Design,
    };

    /// <summary>The filing year the number declares.</summary>
    public static int YearOf(string normalized)
    {
        var digits = normalized.Split('.')[0];
        if (digits.Length == 12)
        {
            return int.Parse(digits[..4], System.Globalization.CultureInfo.InvariantCulture);
        }

        var yy = int.Parse(digits[..2], System.Globalization.CultureInfo.InvariantCulture);
        return yy >= 85 ? 1900 + yy : 2000 + yy;
    }

    private static char TypeDigit(string digits) => digits.Length == 12 ? digits[4] : digits[2];
}
