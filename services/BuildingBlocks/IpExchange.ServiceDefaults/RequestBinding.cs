using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// What a minimal-API binding failure means for the caller: the framework's messages name the
/// parameter together with its .NET type (<c>Failed to bind parameter "int? page" from "x"</c>);
/// the answer names only the field, with a stable code.
/// </summary>
internal static partial class BindingFailure
{
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>[^"]+) (?<name>[^" ]+)" was not provided from (?<source>.+)\.$""", RegexOptions.Singleline)]
    private static partial Regex RequiredMissing();

    [GeneratedRegex("""^Implicit body inferred for parameter "(?<type>[^"]+) (?<name>[^" ]+)" but no body was provided""", RegexOptions.Singleline)]
    private static partial Regex BodyMissing();

    [GeneratedRegex("""^Expected a supported JSON media type""", RegexOptions.Singleline)]
    private static partial Regex NotJson();

    public static (string Field, FieldProblem Problem)? Describe(BadHttpRequestException bad)
    {
        var message = bad.Message;
        if (FailedToBind().Match(message) is { Success: true } failed)
        {
            var kind = Kind(failed.Groups["type"].Value);
            return (failed.Groups["name"].Value, new FieldProblem(FieldCodes.WrongType, $"Expected {kind}.", new Dictionary<string, object?> { ["expected"] = kind }));
        }

        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            var body = missing.Groups["source"].Value.Contains("body", StringComparison.OrdinalIgnoreCase);
            return (body ? "body" : missing.Groups["name"].Value, new FieldProblem(FieldCodes.Required, body ? "A JSON body is required." : "This parameter is required."));
        }

        if (BodyMissing().IsMatch(message))
        {
            return ("body", new FieldProblem(FieldCodes.Required, "A JSON body is required."));
        }

        if (NotJson().IsMatch(message))
        {
            return ("Content-Type", new FieldProblem(FieldCodes.UnsupportedMediaType, "Send the body as application/json."));
        }

        return null;
    }

    private static string Kind(string type) => Bare(type) switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" or "Int16" => "a whole number",
        "decimal" or "double" or "float" or "Decimal" or "Double" or "Single" => "a number",
        "bool" or "Boolean" => "true or false",
        "DateOnly" => "a date (yyyy-MM-dd)",
        "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601 with offset)",
        "Guid" => "an identifier",
        var t when t.EndsWith("[]", StringComparison.Ordinal) => "a list",
        _ => "one of the allowed values",
    };

    /// <summary><c>int?</c>, <c>Nullable&lt;int&gt;</c>, <c>System.Int32</c> → the plain name.</summary>
    private static string Bare(string type)
    {
        var bare = type.Trim().TrimEnd('?');
        if (bare.StartsWith("Nullable<", StringComparison.Ordinal) && bare.EndsWith('>'))
        {
            bare = bare["Nullable<".Length..^1];
        }

        return bare.StartsWith("System.", StringComparison.Ordinal) ? bare["System.".Length..] : bare;
    }
}
