using System.Text;
using System.Text.Json.Nodes;
using Scalar.AspNetCore;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace IpExchange.Gateway.Proxy;

/// <summary>
/// The services' OpenAPI documents as an integrator sees them through the gateway: each service's
/// <c>/openapi/v1.json</c> passes through its <c>/openapi/{service}/v1.json</c> route with only the
/// operations a gateway route serves (to the same service, for that method), the gateway as the
/// server and the bearer token as the security scheme; and the interactive reference (Scalar, its
/// script served from the package) at <c>/api-reference</c> over all of them.
/// </summary>
public static class ApiDocuments
{
    public const string ReferencePath = "/api-reference";

    /// <summary>The reference's page runs Scalar's inline start-up script and styles: its own policy, 'self' otherwise.</summary>
    public const string ReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static bool IsDocumentRoute(RouteConfig route) =>
        route.Match.Path is { } path && path.StartsWith("/openapi/", StringComparison.Ordinal) && path.EndsWith("/v1.json", StringComparison.Ordinal);

    public static void AddTransforms(TransformBuilderContext context)
    {
        if (IsDocumentRoute(context.Route))
        {
            context.AddResponseTransform(OnlyWhatTheGatewayServes);
        }
    }

    public static void MapReference(WebApplication app)
    {
        var services = app.Configuration.GetSection("ReverseProxy:Routes").GetChildren()
            .Select(r => r["Match:Path"])
            .OfType<string>()
            .Where(p => p.StartsWith("/openapi/", StringComparison.Ordinal) && p.EndsWith("/v1.json", StringComparison.Ordinal))
            .Select(p => p.Split('/')[2])
            .Order(StringComparer.Ordinal)
            .ToList();
        app.MapScalarApiReference(ReferencePath, options =>
        {
            options.WithTitle("IpExchange API");
            foreach (var (service, i) in services.Select((s, i) => (s, i)))
            {
                options.AddDocument(service, service, $"/openapi/{service}/v1.json", isDefault: i == 0);
            }
        }).AllowAnonymous().AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.ContentSecurityPolicy = ReferencePolicy;
            return await next(context);
        });
    }

    /// <summary>Rewrites a service's document: operations no route of the gateway serves are taken out.</summary>
    private static async ValueTask OnlyWhatTheGatewayServes(ResponseTransformContext context)
    {
        if (context.ProxyResponse is not { IsSuccessStatusCode: true } response)
        {
            return;
        }

        var http = context.HttpContext;
        var cluster = http.GetReverseProxyFeature().Route.Config.ClusterId;
        var routes = http.RequestServices.GetRequiredService<IProxyStateLookup>().GetRoutes()
            .Select(r => r.Config)
            .Where(r => r.ClusterId == cluster && !IsDocumentRoute(r))
            .ToList();
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(http.RequestAborted))!.AsObject();
        if (document["paths"] is JsonObject paths)
        {
            foreach (var (path, item) in paths.ToList())
            {
                if (item is not JsonObject operations)
                {
                    continue;
                }

                foreach (var method in operations.Select(o => o.Key).ToList())
                {
                    if (!routes.Any(r => Serves(r, method, path)))
                    {
                        operations.Remove(method);
                    }
                }

                if (operations.Count == 0)
                {
                    paths.Remove(path);
                }
            }
        }

        document["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "the gateway" });
        var components = document["components"] as JsonObject ?? [];
        document["components"] = components;
        components["securitySchemes"] = new JsonObject
        {
            ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "A token from POST /auth/token." },
        };
        document["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() });

        context.SuppressResponseBody = true;
        var bytes = Encoding.UTF8.GetBytes(document.ToJsonString());
        http.Response.ContentLength = bytes.Length;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    /// <summary>
    /// Whether a route's pattern takes a document's path for a method: literal segments equal, a
    /// <c>{param}</c> of the document matching any one segment, and a <c>{**rest}</c> catch-all any rest.
    /// </summary>
    public static bool Serves(RouteConfig route, string method, string path)
    {
        if (route.Match.Methods is { Count: > 0 } methods && !methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var pattern = (route.Match.Path ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i].StartsWith("{**", StringComparison.Ordinal) || pattern[i].StartsWith("{*", StringComparison.Ordinal))
            {
                return true;
            }

            if (i >= segments.Length)
            {
                return false;
            }

            var parameter = pattern[i].StartsWith('{');
            if (!parameter && !string.Equals(pattern[i], segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return pattern.Length == segments.Length;
    }
}
