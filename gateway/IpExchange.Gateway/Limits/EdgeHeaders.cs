using Microsoft.Net.Http.Headers;

namespace IpExchange.Gateway.Limits;

/// <summary>
/// Security headers on every answer, the services' included: no MIME sniffing, no framing, no
/// referrer, a locked-down Content-Security-Policy where the answer has none of its own (the
/// gateway's own answers are JSON, never pages that load anything), and HSTS only over HTTPS.
/// </summary>
public sealed class EdgeHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            if (http.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            // The services' server banner says nothing a client needs.
            headers.Remove(HeaderNames.Server);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}

/// <summary>CORS for the web UI's origin (<c>Cors:WebOrigin</c>, comma-separated for several) and nobody else.</summary>
public static class WebOriginCors
{
    public static WebApplicationBuilder AddWebOriginCors(this WebApplicationBuilder builder)
    {
        var origins = (builder.Configuration["Cors:WebOrigin"] ?? "")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            // No origin configured: no cross-origin caller is allowed.
            policy.WithOrigins(origins)
                .AllowAnyMethod()
                .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.IfMatch, HeaderNames.Accept, HeaderNames.AcceptLanguage, "X-Correlation-Id")
                .WithExposedHeaders(HeaderNames.ETag, HeaderNames.Location, HeaderNames.RetryAfter, "X-Correlation-Id")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        }));
        return builder;
    }
}

/// <summary>
/// <c>ForwardedHeaders:TrustedNetworks</c> (CIDR, comma-separated): the ingress in front of the gateway,
/// whose X-Forwarded-Proto/For the gateway believes, so that a request that came in over TLS counts as
/// https here and YARP passes https on to the services (the Identity service's issuer and cookies
/// depend on it). Loopback is always trusted; nobody else is unless named.
/// </summary>
public static class TrustedProxies
{
    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var networks = (builder.Configuration["ForwardedHeaders:TrustedNetworks"] ?? "")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }
}
