using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// Turns every exception that escapes an endpoint into a problem-details answer. Expected outcomes
/// (a lost optimistic race, a rejected input, a broken business rule) get their own status and a
/// body that says why; anything else is a 500 that says nothing about the exception.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(httpContext, exception);
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private ProblemDetails Describe(HttpContext httpContext, Exception exception)
    {
        switch (Unwrap(exception))
        {
            case ConcurrencyException conflict:
                return Conflict(httpContext, conflict);

            case ValidationFailedException invalid:
                LogRejected(logger, StatusCodes.Status400BadRequest, invalid.Message);
                return Invalid(invalid.Problems, invalid.Message);

            case DomainRuleViolationException violation:
                LogRejected(logger, StatusCodes.Status422UnprocessableEntity, violation.Message);
                var broken = Invalid(violation.Problems, violation.Message);
                broken.Status = StatusCodes.Status422UnprocessableEntity;
                broken.Title = "A business rule forbids this.";
                if (violation.Rule.Length > 0)
                {
                    broken.Extensions["rule"] = violation.Rule;
                }

                return broken;

            case PreconditionRequiredException required:
                LogRejected(logger, StatusCodes.Status428PreconditionRequired, required.Message);
                var precondition = Invalid(new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal)
                {
                    [HeaderNames.IfMatch] = [new FieldProblem(FieldCodes.PreconditionRequired, required.Message)],
                }, required.Message);
                precondition.Status = StatusCodes.Status428PreconditionRequired;
                precondition.Title = "If-Match is required.";
                return precondition;

            case UnauthorizedAccessException:
                // Raised when an endpoint needs a caller and the request has none. The message is
                // not shown: the same exception type also reports file-system permissions.
                LogRejected(logger, StatusCodes.Status401Unauthorized, "no signed-in caller");
                httpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Sign in first." };

            case ForbiddenException forbidden:
                LogRejected(logger, StatusCodes.Status403Forbidden, forbidden.Message);
                var refused = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden.", Detail = forbidden.Message };
                if (forbidden.Rule.Length > 0)
                {
                    refused.Extensions["rule"] = forbidden.Rule;
                }

                return refused;

            case NotFoundException missing:
                LogRejected(logger, StatusCodes.Status404NotFound, missing.Message);
                return new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = missing.Message };

            case BadHttpRequestException { InnerException: JsonException json }:
                return UnreadableBody(httpContext, json);

            case BadHttpRequestException bad:
                LogRejected(logger, bad.StatusCode, bad.Message);
                if (BindingFailure.Describe(bad) is { } binding)
                {
                    var unbound = Invalid(new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal) { [binding.Field] = [binding.Problem] }, binding.Problem.Message);
                    unbound.Status = bad.StatusCode;
                    return unbound;
                }

                // Kestrel's and the framework's messages name .NET types and parameters; none is shown.
                return new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status400BadRequest ? "The request is malformed." : ReasonPhrase(bad.StatusCode),
                };

            case JsonException json:
                return UnreadableBody(httpContext, json);

            default:
                LogUnexpected(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                return new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "An unexpected error occurred.",
                    Detail = "The error has been logged; quote the correlationId when reporting it.",
                };
        }
    }

    /// <summary>400 with <c>errors</c> (field → messages) and <c>codes</c> (field → stable codes with their parameters).</summary>
    private static ValidationProblemDetails Invalid(IReadOnlyDictionary<string, FieldProblem[]> problems, string detail)
    {
        var body = new ValidationProblemDetails(problems.ToDictionary(p => p.Key, p => p.Value.Select(v => v.Message).ToArray(), StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
            Detail = detail,
        };
        body.Extensions["codes"] = problems.ToDictionary(p => p.Key, p => p.Value.Select(v => v.ToCodeEntry()).ToArray(), StringComparer.Ordinal);
        return body;
    }

    /// <summary>A body that is not JSON, or not of the endpoint's shape: the field and what it expects, never a .NET type name.</summary>
    private ProblemDetails UnreadableBody(HttpContext httpContext, JsonException json)
    {
        var (field, problem) = JsonPolicy.Describe(json, httpContext);
        LogRejected(logger, StatusCodes.Status400BadRequest, $"{field}: {problem.Code}");
        return Invalid(new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal) { [field] = [problem] }, problem.Message);
    }

    private ProblemDetails Conflict(HttpContext httpContext, ConcurrencyException conflict)
    {
        // The version came from the client's If-Match: its precondition failed (RFC 9110 §13.1.1).
        // Otherwise the server read the version itself and lost a race: a plain conflict.
        var precondition = httpContext.Request.Headers.ContainsKey(HeaderNames.IfMatch);
        var status = precondition ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict;
        LogRejected(logger, status, conflict.Message);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = precondition
                ? "The resource has changed since the version given in If-Match."
                : "The resource was changed by someone else; reload and try again.",
            Detail = conflict.Message,
        };
        if (conflict.StreamId.Length > 0)
        {
            problem.Extensions["streamId"] = conflict.StreamId;
            problem.Extensions["expectedVersion"] = conflict.ExpectedVersion;
            problem.Extensions["actualVersion"] = conflict.ActualVersion;
        }

        return problem;
    }

    private static Exception Unwrap(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ConcurrencyException)
            {
                return e;
            }
        }

        return exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;
    }


    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "The request was rejected.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Request rejected with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
