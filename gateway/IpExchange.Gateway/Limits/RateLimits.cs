using System.Globalization;
using System.Threading.RateLimiting;
using IpExchange.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace IpExchange.Gateway.Limits;

/// <summary>The <c>RateLimits</c> section: requests per minute, in fixed one-minute windows.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Per signed-in user (the token's <c>sub</c>), on the routes with the <c>per-user</c> policy.</summary>
    public int PerUserPerMinute { get; set; } = 600;

    /// <summary>Per client address, on every request: the ceiling for anonymous traffic and for many users behind one address.</summary>
    public int PerAddressPerMinute { get; set; } = 3000;

    /// <summary>Per client address on the sign-in routes (the login form, the token endpoint, applications): slows down password guessing.</summary>
    public int LoginPerMinute { get; set; } = 30;
}

/// <summary>
/// Limits at the edge: a global limiter per client address, a <c>per-user</c> policy that routes
/// name in their <c>RateLimiterPolicy</c>, and a <c>login</c> policy. A rejected request gets 429,
/// <c>Retry-After</c> and a problem body.
/// </summary>
public static class RateLimits
{
    public const string PerUserPolicy = "per-user";

    /// <summary>The sign-in routes' policy: per client address, <c>RateLimits:LoginPerMinute</c>.</summary>
    public const string LoginPolicy = "login";

    public static WebApplicationBuilder AddGatewayRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                PerMinute("address:" + Address(http), limits.PerAddressPerMinute));
            options.AddPolicy(PerUserPolicy, http => http.User.UserId() is { } user
                ? PerMinute("user:" + user, limits.PerUserPerMinute)
                : PerMinute("anonymous:" + Address(http), limits.PerUserPerMinute));
            options.AddPolicy(LoginPolicy, http =>
                PerMinute("login:" + Address(http), limits.LoginPerMinute));
            options.OnRejected = Reject;
        });
        return builder;
    }

    // The connection's address, not X-Forwarded-For: a client cannot choose its own partition.
    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask Reject(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"The request rate limit was reached; try again in {seconds} s.",
                Extensions = { ["retryAfterSeconds"] = seconds },
            },
        });
    }
}
