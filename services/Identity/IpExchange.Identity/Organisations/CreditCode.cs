using System.Diagnostics.CodeAnalysis;

namespace IpExchange.Identity.Organisations;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the capitals without I, O, Z, S, V.
/// 1: the registration authority (1 机构编制, 5 民政, 9 工商/市场监管, Y others...); 2: the kind of body
/// under it; 3-8: the registering authority's administrative division code (6 digits); 9-17: the
/// organisation code (GB 11714, its ninth character a check character of the first eight); 18: the
/// check character over the first 17, weights 3^(i-1) mod 31, 31 - (sum mod 31), 31 meaning 0.
/// </summary>
public static class CreditCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private const string Authorities = "123456789ANY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrganisationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public const string LengthCode = "credit-code.length";
    public const string CharacterCode = "credit-code.character";
    public const string AuthorityCode = "credit-code.authority";
    public const string DivisionCode = "credit-code.division";
    public const string OrganisationCodeCheckCode = "credit-code.organisation-code-check";
    public const string CheckCharacterCode = "credit-code.check-character";

    /// <summary>
    /// Normalises (trims, upper-cases, drops spaces and hyphens) and validates, or says why not with a
    /// stable code and what the sentence needs (the expected check character, the character refused).
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? code, [NotNullWhen(false)] out FieldProblem? problem)
    {
        code = null;
        problem = Check(input, out var compact);
        if (problem is null)
        {
            code = compact;
        }

        return problem is null;
    }

    private static FieldProblem? Check(string? input, out string compact)
    {
        compact = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            return new(FieldCodes.Required, "The 统一社会信用代码 (unified social credit code) is required.");
        }

        compact = string.Concat(input.Where(c => c is not (' ' or '-' or '\u3000'))).ToUpperInvariant();
        if (compact.Length != 18)
        {
            return Problem(LengthCode, $"A 统一社会信用代码 has 18 characters; '{input.Trim()}' has {compact.Length}.", ("length", compact.Length));
        }

        var text = compact;
        var bad = text.FirstOrDefault(c => !Alphabet.Contains(c, StringComparison.Ordinal));
        if (bad != default)
        {
            return Problem(CharacterCode, $"'{bad}' cannot appear in a 统一社会信用代码 (only digits and capitals other than I, O, S, V, Z).", ("character", bad.ToString()));
        }

        if (!Authorities.Contains(compact[0], StringComparison.Ordinal))
        {
            return Problem(AuthorityCode, $"The first character names the registration authority (1-9, A, N or Y), not '{compact[0]}'.", ("character", compact[0].ToString()));
        }

        if (!compact.AsSpan(2, 6).ContainsOnlyDigits())
        {
            return Problem(DivisionCode, "Characters 3 to 8 are the administrative division code: six digits.");
        }

        var organisationCheck = OrganisationCodeCheck(compact.AsSpan(8, 8));
        if (organisationCheck is null || compact[16] != organisationCheck)
        {
            return organisationCheck is null
                ? Problem(OrganisationCodeCheckCode, "Characters 9 to 16 of the organisation code must be digits or capital letters.")
                : Problem(OrganisationCodeCheckCode, $"The organisation code (characters 9 to 17) has a wrong check character: for {compact.Substring(8, 8)} it is {organisationCheck}.",
                    ("expected", organisationCheck.Value.ToString()));
        }

        var expected = CheckCharacter(compact.AsSpan(0, 17));
        return compact[17] == expected
            ? null
            : Problem(CheckCharacterCode, $"The check character of '{compact}' is wrong: for {compact[..17]} it must be {expected}.", ("expected", expected.ToString()));
    }

    private static FieldProblem Problem(string code, string message, params (string Name, object? Value)[] parameters) =>
        new(code, message, parameters.Length == 0 ? null : parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));

    /// <summary>The 18th character for the first 17 (all from <see cref="Alphabet"/>).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>GB 11714's check character of an 8-character organisation code body (letters count 10-35); null for other characters.</summary>
    public static char? OrganisationCodeCheck(ReadOnlySpan<char> body)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body[i];
            int value;
            if (char.IsAsciiDigit(c))
            {
                value = c - '0';
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                value = c - 'A' + 10;
            }
            else
            {
                return null;
            }

            sum += value * OrganisationCodeWeights[i];
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + check),
        };
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
