using IpExchange.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace IpExchange.Gateway.Proxy;

/// <summary>
/// YARP with routes and clusters from the <c>ReverseProxy</c> section. Each route names its
/// <c>AuthorizationPolicy</c> (<c>default</c>: signed in; <c>anonymous</c>; or a role) and its
/// <c>RateLimiterPolicy</c>; cluster addresses come from configuration, e.g.
/// <c>ReverseProxy__Clusters__listing__Destinations__d1__Address</c>.
/// </summary>
public static class GatewayProxy
{
    public static WebApplicationBuilder AddGatewayProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(transforms => transforms.AddRequestTransform(PassCorrelationId))
            .AddTransforms(ApiDocuments.AddTransforms);
        return builder;
    }

    public static void Map(WebApplication app) =>
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(ForwardOrExplain);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

    // The gateway's correlation id (the caller's when it sent a valid one) goes on to the service,
    // so that the gateway's and the service's logs and the service's events share it.
    private static ValueTask PassCorrelationId(RequestTransformContext context)
    {
        RequestTransform.RemoveHeader(context, CorrelationMiddleware.HeaderName);
        RequestTransform.AddHeader(context, CorrelationMiddleware.HeaderName, context.HttpContext.CorrelationId().ToString());
        return ValueTask.CompletedTask;
    }

    private static async Task ForwardOrExplain(HttpContext http, Func<Task> next)
    {
        // Refuse a declared oversized body here: once YARP streams it, Kestrel's 413 would surface as a proxy error.
        var maxBody = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (maxBody is { } max && http.Request.ContentLength > max)
        {
            await WriteProblem(http, StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"At most {max} bytes are accepted.");
            return;
        }

        // The service's own answers pass through as they are, bodies included: no status-code page on top.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        await next();

        if (http.GetForwarderErrorFeature() is { } error && !http.Response.HasStarted)
        {
            var (status, title) = Explain(error, http.Response.StatusCode);
            await WriteProblem(http, status, title, null);
        }
    }

    private static (int Status, string Title) Explain(IForwarderErrorFeature error, int status)
    {
        if (Find<BadHttpRequestException>(error.Exception) is { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return (StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
        }

        return error.Error switch
        {
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, "The service behind this route is not available."),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, "The service did not answer in time."),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => (status, "The request was cancelled."),
            ForwarderError.RequestBodyClient => (StatusCodes.Status400BadRequest, "The request body could not be read."),
            _ when status is >= 400 and < 500 => (status, "The request was rejected."),
            _ => (StatusCodes.Status502BadGateway, "The service behind this route failed to answer."),
        };
    }

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Task WriteProblem(HttpContext http, int status, string title, string? detail)
    {
        http.Response.Clear();
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
