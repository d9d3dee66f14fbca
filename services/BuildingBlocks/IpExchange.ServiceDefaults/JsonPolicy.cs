using System.Collections;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// One JSON and input policy for every service: enums by name only (a number or an undefined name
/// is refused, so a deal kind 123 never reaches a decider), numbers as numbers, every string free of
/// control and bidirectional-override characters, and a refusal that names the field with a stable
/// code and no .NET type names.
/// </summary>
public static class JsonPolicy
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.Converters.Add(new StrictEnumConverterFactory());
        options.Converters.Add(new SafeStringConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
        // Keeps titles and names in Chinese readable instead of \uXXXX escapes.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
    }

    /// <summary>
    /// The field and the problem behind a body that could not be read as the endpoint's request
    /// type: the JSON path as the field, and what the field expects, found by walking the request
    /// type along that path.
    /// </summary>
    public static (string Field, FieldProblem Problem) Describe(JsonException error, HttpContext http)
    {
        var field = FieldOf(error.Path);
        if (error is UnsafeTextException unsafeText)
        {
            return (field, unsafeText.Problem);
        }

        // The reader's own exception (internal to System.Text.Json) means the text is not JSON at all.
        if (error.InnerException?.GetType().Name == "JsonReaderException")
        {
            return (field, new FieldProblem(FieldCodes.MalformedJson, "The body is not well-formed JSON."));
        }

        // The exception handler has cleared the endpoint from the context; its feature kept it.
        var endpoint = http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();
        var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var target = requestType is null ? null : TypeAt(requestType, error.Path);
        target = target is null ? null : Nullable.GetUnderlyingType(target) ?? target;
        return target switch
        {
            { IsEnum: true } => (field, new FieldProblem(FieldCodes.NotAllowedValue,
                $"Not one of the allowed values: {string.Join(", ", Enum.GetNames(target))}.",
                new Dictionary<string, object?> { ["allowed"] = Enum.GetNames(target) })),
            null => (field, new FieldProblem(FieldCodes.WrongType, "The value does not have the type this field expects.")),
            _ => (field, new FieldProblem(FieldCodes.WrongType, $"Expected {JsonKind(target)}.",
                new Dictionary<string, object?> { ["expected"] = JsonKind(target) })),
        };
    }

    /// <summary><c>$.terms.patentIds[2]</c> → <c>terms.patentIds[2]</c>; the whole body is <c>body</c>.</summary>
    public static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string JsonKind(Type type) => type switch
    {
        _ when type == typeof(string) => "text",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(DateOnly) => "a date (yyyy-MM-dd)",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time (ISO 8601 with offset)",
        _ when type == typeof(Guid) => "an identifier",
        _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
        _ when type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) => "a list",
        _ => "an object",
    };

    /// <summary>The declared type at a JSON path (camelCase names, [n] indexes), or null when the path leaves the type.</summary>
    private static Type? TypeAt(Type root, string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return root;
        }

        var type = root;
        foreach (var segment in Segments(path))
        {
            if (segment.StartsWith('['))
            {
                type = ElementType(type);
            }
            else
            {
                type = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            }

            if (type is null)
            {
                return null;
            }

            type = Nullable.GetUnderlyingType(type) ?? type;
        }

        return type;
    }

    private static IEnumerable<string> Segments(string path)
    {
        var rest = path.TrimStart('$');
        var i = 0;
        while (i < rest.Length)
        {
            if (rest[i] == '.')
            {
                i++;
                continue;
            }

            if (rest[i] == '[')
            {
                var end = rest.IndexOf(']', i);
                if (end < 0)
                {
                    yield break;
                }

                var inner = rest[(i + 1)..end];
                // ['name'] is a property written in brackets; [3] an index.
                yield return inner.StartsWith('\'') ? inner.Trim('\'') : "[" + inner + "]";
                i = end + 1;
                continue;
            }

            var next = rest.IndexOfAny(['.', '['], i);
            yield return next < 0 ? rest[i..] : rest[i..next];
            i = next < 0 ? rest.Length : next;
        }
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];
    }
}

/// <summary>A string in a request body that carries control or bidirectional-override characters.</summary>
public sealed class UnsafeTextException : JsonException
{
    public UnsafeTextException(FieldProblem problem) : base(problem.Message) => Problem = problem;

    public UnsafeTextException() : this(new FieldProblem(FieldCodes.ControlCharacter, "Control characters are not allowed.")) { }

    public UnsafeTextException(string message) : this(new FieldProblem(FieldCodes.ControlCharacter, message)) { }

    public UnsafeTextException(string message, Exception innerException) : base(message, innerException) =>
        Problem = new FieldProblem(FieldCodes.ControlCharacter, message);

    public FieldProblem Problem { get; }
}

/// <summary>
/// Enums by the name of a defined value only. The framework's string enum converter also reads
/// "A, B" as the flags A | B for any enum, which for a deal kind or a status is another value or
/// none at all; here a value is one name, matched without regard to case, or it is refused.
/// </summary>
internal sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert));
}

internal sealed class StrictEnumConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByName = Enum.GetNames<T>().ToDictionary(n => n, Enum.Parse<T>, StringComparer.OrdinalIgnoreCase);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && ByName.TryGetValue(name.Trim(), out var value))
        {
            return value;
        }

        // The caller turns this into json.not-allowed-value naming the field, with the allowed names.
        throw new JsonException($"Not one of the allowed values: {string.Join(", ", Enum.GetNames<T>())}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ByName.TryGetValue(reader.GetString() ?? "", out var value) ? value : throw new JsonException("Not one of the allowed values.");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(value.ToString());
}

/// <summary>Reads every JSON string through <see cref="SafeText"/>; writes strings as they are.</summary>
internal sealed class SafeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return SafeText.Check(value) is { } problem ? throw new UnsafeTextException(problem) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>The same rule for text in the URL: a query value or a route value with control characters is a 400.</summary>
internal sealed class SafeRequestTextMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            foreach (var value in values)
            {
                if (SafeText.Check(value, multiLine: false) is { } problem)
                {
                    throw new ValidationFailedException(name, problem);
                }
            }
        }

        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text && SafeText.Check(text, multiLine: false) is { } problem)
            {
                throw new ValidationFailedException(name, problem);
            }
        }

        return next(context);
    }
}
