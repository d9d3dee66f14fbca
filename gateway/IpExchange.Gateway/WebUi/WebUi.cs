using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace IpExchange.Gateway.WebUi;

/// <summary>
/// The web UI (wwwroot: a static single-page app of plain ES modules, no build step): its files are
/// served before authentication (they hold no data; every API call carries the user's token), and a
/// client route such as <c>/auctions/PM…</c> gets index.html. API, identity, health and OpenAPI paths
/// never fall back to the page: an unknown one stays a 404 problem. The Identity service's sign-in
/// pages (<c>/account/*</c>) are its own, routed to it, with their own Content-Security-Policy.
/// </summary>
public static class WebUiSetup
{
    /// <summary>The pages load only their own scripts, styles and images and call only this origin.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static readonly string[] NotPages = ["/api", "/auth", "/health", "/openapi", "/connect", "/account", "/.well-known"];

    public static void UseWebUi(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = Types(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                // Revalidate every time (ETag/Last-Modified): a new version shows at the next load.
                headers.CacheControl = "no-cache";
            },
        });
    }

    public static void MapWebUiFallback(this WebApplication app)
    {
        var index = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
        app.MapFallback(async http =>
        {
            var path = http.Request.Path;
            if (!index.Exists || NotPages.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) || Path.HasExtension(path.Value))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 404, Title = "Not found.", Detail = $"Nothing is served at {path}." },
                });
                return;
            }

            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.SendFileAsync(index, http.RequestAborted);
        }).AllowAnonymous();
    }

    private static FileExtensionContentTypeProvider Types()
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".css"] = "text/css; charset=utf-8";
        types.Mappings[".html"] = "text/html; charset=utf-8";
        types.Mappings[".json"] = "application/json; charset=utf-8";
        return types;
    }
}
