using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Correlation-Id</c> when it is a GUID,
/// a new one otherwise. It is echoed in the response, kept in <see cref="HttpContext.Items"/>, put in
/// the logging scope, and becomes the correlation id of the events the request appends.
/// </summary>
public sealed class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";
    internal const string ItemKey = "IpExchange.CorrelationId";

    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = Guid.TryParse(context.Request.Headers[HeaderName].ToString(), out var given) && given != Guid.Empty
            ? given
            : Guid.NewGuid();
        context.Items[ItemKey] = correlationId;
        Activity.Current?.SetTag("correlation.id", correlationId.ToString());

        // Set when the response starts: the exception handler clears the headers before it writes.
        context.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, Guid))state;
            response.Headers[HeaderName] = id.ToString();
            return Task.CompletedTask;
        }, (context.Response, correlationId));

        using (BeginCorrelationScope(logger, correlationId))
        {
            await next(context);
        }
    }

    private static IDisposable? BeginCorrelationScope(ILogger logger, Guid correlationId) =>
        logger.BeginScope("CorrelationId:{CorrelationId}", correlationId);
}

public static class RequestContextExtensions
{
    /// <summary>The custom claim carrying the caller's organisation.</summary>
    public const string OrganisationClaim = "org";

    /// <summary>The request's correlation id (see <see cref="CorrelationMiddleware"/>); a new one outside it.</summary>
    public static Guid CorrelationId(this HttpContext context)
    {
        if (context.Items.TryGetValue(CorrelationMiddleware.ItemKey, out var value) && value is Guid id)
        {
            return id;
        }

        id = Guid.NewGuid();
        context.Items[CorrelationMiddleware.ItemKey] = id;
        return id;
    }

    /// <summary>The signed-in user's id, or null when anonymous.</summary>
    public static string? UserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value
            : null;

    public static string CorrelationIdText(this HttpContext context) =>
        context.CorrelationId().ToString("D", CultureInfo.InvariantCulture);
}
