using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IpExchange.Sweep.Tests;

/// <summary>What a field is, as the service's OpenAPI document says.</summary>
public enum FieldKind
{
    Text,
    Enum,
    WholeNumber,
    Number,
    Boolean,
    Date,
    DateTime,
    List,
    Record,
}

/// <summary>One field of a request body: its JSON path (<c>appraisal.value</c>, <c>schedule[0].amount</c>) and what the document says of it.</summary>
public sealed record Field(string Path, FieldKind Kind, bool Required, IReadOnlyList<string> Allowed, Field? Item, IReadOnlyList<Field> Properties);

/// <summary>One operation of a service's OpenAPI document.</summary>
public sealed record Operation(string Service, string Method, string Template, IReadOnlySet<int> Statuses, Field? Body, IReadOnlyList<string> RouteParameters)
{
    public string Key => $"{Method} {Template}";

    public bool IsWrite => Method is not ("GET" or "HEAD");

    /// <summary>Every field of the body, parents before children.</summary>
    public IEnumerable<Field> Fields()
    {
        return Body is null ? [] : Walk(Body.Properties);

        static IEnumerable<Field> Walk(IEnumerable<Field> fields)
        {
            foreach (var field in fields)
            {
                yield return field;
                var inner = field.Kind == FieldKind.List && field.Item is { } item ? item.Properties : field.Properties;
                if (field.Kind == FieldKind.List && field.Item is { Kind: not FieldKind.Record } element)
                {
                    yield return element;
                }

                foreach (var child in Walk(inner))
                {
                    yield return child;
                }
            }
        }
    }
}

/// <summary>
/// A service's OpenAPI document read as plain JSON: its operations, their statuses and their
/// request bodies' fields, with <c>$ref</c>s and nullable wrappers resolved.
/// </summary>
public sealed class ApiDoc
{
    private readonly JsonObject _schemas;

    public ApiDoc(string service, JsonNode document)
    {
        Service = service;
        Document = document;
        _schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        var operations = new List<Operation>();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var statuses = op!["responses"]?.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet() ?? [];
                var body = op["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema ? Read("", schema, required: true, depth: 0) : null;
                // Route values spoiled by the sweep are the text ones; a typed one ({number:int}) that does not parse matches no route (404).
                var route = op["parameters"]?.AsArray()
                    .Where(p => (string?)p!["in"] == "path" && Types(Resolve(p["schema"] ?? new JsonObject())) is var types && (types.Count == 0 || types.Contains("string")))
                    .Select(p => (string)p!["name"]!).ToList() ?? [];
                operations.Add(new Operation(service, method.ToUpperInvariant(), template, statuses, body, route));
            }
        }

        Operations = operations;
    }

    public string Service { get; }

    public JsonNode Document { get; }

    public IReadOnlyList<Operation> Operations { get; }

    public IEnumerable<Operation> Writes => Operations.Where(o => o.IsWrite);

    /// <summary>The operation a concrete request goes to (<c>/api/listings/GP1/submit</c> → <c>/api/listings/{id}/submit</c>), literal segments first.</summary>
    public Operation? Match(string method, string path)
    {
        var bare = path.Split('?')[0];
        return Operations
            .Where(o => o.Method == method && Regex.IsMatch(bare, "^" + Regex.Replace(Regex.Escape(o.Template).Replace("\\{", "{", StringComparison.Ordinal), "{[^/]+}", "[^/]+") + "$"))
            .OrderBy(o => o.Template.Count(c => c == '{'))
            .FirstOrDefault();
    }

    private Field Read(string path, JsonNode schema, bool required, int depth)
    {
        schema = Resolve(schema);
        var type = Types(schema);
        var allowed = schema["enum"]?.AsArray().Where(v => v is not null).Select(v => (string)v!).ToList() ?? [];
        var format = (string?)schema["format"];
        if (allowed.Count > 0)
        {
            return new Field(path, FieldKind.Enum, required, allowed, null, []);
        }

        if (type.Contains("array"))
        {
            var item = schema["items"] is { } items && depth < 6 ? Read(path + "[0]", items, required: false, depth + 1) : null;
            return new Field(path, FieldKind.List, required, [], item, []);
        }

        if (type.Contains("object") || schema["properties"] is not null)
        {
            var requiredNames = schema["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [];
            var properties = depth < 6
                ? schema["properties"]?.AsObject().Select(p => Read(path.Length == 0 ? p.Key : $"{path}.{p.Key}", p.Value!, requiredNames.Contains(p.Key), depth + 1)).ToList() ?? []
                : [];
            return new Field(path, FieldKind.Record, required, [], null, properties);
        }

        var kind = type.Contains("integer") ? FieldKind.WholeNumber
            : type.Contains("number") ? FieldKind.Number
            : type.Contains("boolean") ? FieldKind.Boolean
            : format == "date" ? FieldKind.Date
            : format == "date-time" ? FieldKind.DateTime
            : FieldKind.Text;
        return new Field(path, kind, required, [], null, []);
    }

    /// <summary>Follows <c>$ref</c> and the <c>oneOf [null, $ref]</c> of a nullable reference.</summary>
    private JsonNode Resolve(JsonNode schema)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema["$ref"] is { } reference)
            {
                schema = _schemas[((string)reference!).Split('/')[^1]]!;
            }
            else if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices && choices.FirstOrDefault(c => c?["type"] is null || c["type"] is not JsonValue || (string?)c["type"] != "null") is { } choice)
            {
                schema = choice;
            }
            else
            {
                break;
            }
        }

        return schema;
    }

    private static HashSet<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => (string)t!).ToHashSet(),
        JsonValue one => [(string)one!],
        _ => [],
    };
}
