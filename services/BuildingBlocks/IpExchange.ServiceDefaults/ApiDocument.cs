using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// What every service's OpenAPI document says beyond what the endpoints declare, from the same
/// facts the shared plumbing acts on, so that the document tells the truth without each endpoint
/// repeating it:
/// <list type="bullet">
/// <item>every answer the shared plumbing can give, with the problem-details schema: 400 (any
/// field, query or route value), 401/403 (every endpoint that is not anonymous), 404 (a resource
/// in the route), 409/412/422 (writes: a lost race, a stale If-Match, a business rule), 413/415
/// (bodies), 428 (a PUT without If-Match), 429 (the gateway's rate limits), 304 (a conditional
/// read of a resource);</item>
/// <item>the If-Match request header (required on PUT) and the ETag response header;</item>
/// <item>which request fields are required: a request record's fields marked <see cref="RequiredAttribute"/>,
/// and no others (positional records would otherwise list every field);</item>
/// <item>strings as strings (the shared string converter hides their type from the schema generator).</item>
/// </list>
/// </summary>
public static class ApiDocument
{
    public const string ProblemSchema = "Problem";
    private const string ProblemJson = "application/problem+json";

    public static void Configure(OpenApiOptions options, string serviceName)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = serviceName;
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            document.Components.Schemas[ProblemSchema] = Problem();
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            Describe(schema, context.JsonTypeInfo, context.JsonPropertyInfo);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            Describe(operation, context);
            return Task.CompletedTask;
        });
    }

    /// <summary>Whether a type is a request body: its name says so, or one of its fields is marked required.</summary>
    private static bool IsRequest(JsonTypeInfo type) =>
        type.Type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Properties.Any(IsRequired);

    private static void Describe(OpenApiSchema schema, JsonTypeInfo type, JsonPropertyInfo? property)
    {
        if (type.Type == typeof(string) && schema.Type is null && schema.OneOf is null && schema.AnyOf is null)
        {
            schema.Type = property is null || property.IsGetNullable || property.IsSetNullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }

        // The shared enum converter hides the names from the schema generator: enums are strings, by name.
        if ((Nullable.GetUnderlyingType(type.Type) ?? type.Type) is { IsEnum: true } enumType)
        {
            var nullable = Nullable.GetUnderlyingType(type.Type) is not null || property is { IsGetNullable: true };
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Enum = Enum.GetNames(enumType).Select(n => (System.Text.Json.Nodes.JsonNode?)n).ToList()!;
            if (nullable)
            {
                schema.Enum.Add(null!);
            }
        }

        // Also for a request nested in another (a pledge in a patent's registration): its schema is shared.
        if (type.Kind == JsonTypeInfoKind.Object && IsRequest(type))
        {
            schema.Required = type.Properties.Where(IsRequired).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        }
    }

    private static bool IsRequired(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true
        || property.AssociatedParameter?.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var write = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        var replace = HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);
        var resource = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path)
            || (description.RelativePath?.Contains('{', StringComparison.Ordinal) ?? false);
        var body = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body)
            || metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().Any();

        operation.Responses ??= [];
        var statuses = new List<(int Status, string Why)> { (400, "A field, query or route value is invalid (`errors` and `codes` name it).") };
        if (!anonymous)
        {
            statuses.Add((401, "Not signed in."));
            statuses.Add((403, "Signed in, but this role or organisation may not do this."));
        }

        if (resource)
        {
            statuses.Add((404, "No such resource, or it is not visible to the caller."));
        }

        if (write)
        {
            statuses.Add((409, "Someone else changed the resource at the same moment; reload and try again."));
            statuses.Add((412, "The version in If-Match is not the current one."));
            statuses.Add((422, "A business rule forbids this now (`rule`, and `codes` with the rule's parameters)."));
        }

        if (body)
        {
            statuses.Add((413, "The body is larger than the limit."));
            statuses.Add((415, "The body is not JSON."));
        }

        if (replace)
        {
            statuses.Add((428, "If-Match is required on a replacement."));
        }

        statuses.Add((429, "Too many requests (the gateway's rate limits); see Retry-After."));
        foreach (var (status, why) in statuses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(key))
            {
                operation.Responses[key] = new OpenApiResponse
                {
                    Description = why,
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                    },
                };
            }
        }

        if (resource && !write && !operation.Responses.ContainsKey("304"))
        {
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: If-None-Match named the current ETag." };
        }

        if (resource || write)
        {
            foreach (var (key, response) in operation.Responses.Where(r => r.Key.StartsWith('2')))
            {
                if (response is OpenApiResponse concrete)
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                    concrete.Headers.TryAdd("ETag", new OpenApiHeader
                    {
                        Description = "The version of the resource as this caller sees it (\"7\"); send it back in If-Match to change it, or in If-None-Match to poll.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }
            }
        }

        operation.Parameters ??= [];
        if (write && resource && !operation.Parameters.Any(p => p.Name == "If-Match"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = replace,
                Description = replace
                    ? "The ETag of the version being replaced (428 without it, 412 when it is no longer current)."
                    : "The ETag of the version the change is based on (412 when it is no longer current).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (resource && !write && !operation.Parameters.Any(p => p.Name == "If-None-Match"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match",
                In = ParameterLocation.Header,
                Description = "An ETag read before: 304 with no body when the resource has not changed since.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    /// <summary>RFC 9457 problem details as every service writes them.</summary>
    private static OpenApiSchema Problem()
    {
        static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };
        var code = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A stable code a client translates (`text.too-long`), with the parameters its sentence needs (`max`).",
            Required = new HashSet<string>(StringComparer.Ordinal) { "code" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["code"] = Text() },
            AdditionalPropertiesAllowed = true,
        };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Problem details (RFC 9457). `errors` and `codes` are keyed by the field's JSON path (`terms.patentIds[2]`), a query or route parameter, or a header.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "status", "title" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = Text(),
                ["title"] = Text(),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = Text(),
                ["instance"] = Text(),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Field → English messages, for logs and scripts.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text() },
                },
                ["codes"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Field → stable codes with parameters, for the user interface to translate.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = code },
                },
                ["rule"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "422: the business rule broken (`bid.below-increment`)." },
                ["streamId"] = Text(),
                ["expectedVersion"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
                ["actualVersion"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int64" },
                ["traceId"] = Text(),
                ["correlationId"] = Text(),
            },
        };
    }
}
