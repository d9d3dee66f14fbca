using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// A conditional read (<c>If-None-Match</c>) of a resource that has not changed answers 304 with no
/// body: the auction room polls every second and downloads the room only when a bid moved it. It
/// works for every endpoint that sets an ETag (the version of what it shows), decided as the
/// response starts, so no endpoint repeats it.
/// </summary>
internal sealed class NotModifiedMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.Headers.IfNoneMatch.Count == 0)
        {
            await next(context);
            return;
        }

        var response = context.Response;
        var body = new DiscardableStream(response.Body, response);
        response.Body = body;
        response.OnStarting(() =>
        {
            if (response.StatusCode == StatusCodes.Status200OK && Matches(request.Headers.IfNoneMatch, response.Headers.ETag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                body.Discard = true;
            }

            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = body.Inner;
        }
    }

    /// <summary>Weak comparison (RFC 9110 §13.1.2): <c>W/"7"</c> matches <c>"7"</c>; <c>*</c> matches any.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, Microsoft.Extensions.Primitives.StringValues etag)
    {
        if (etag.Count != 1 || !EntityTagHeaderValue.TryParse(etag[0], out var current))
        {
            return false;
        }

        return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    /// <summary>
    /// Starts the response before the first write reaches the server's stream, so that the decision
    /// above is taken first; drops every write of a 304.
    /// </summary>
    private sealed class DiscardableStream(Stream inner, HttpResponse response) : Stream
    {
        public Stream Inner { get; } = inner;
        public bool Discard { get; set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
            if (!Discard)
            {
                Inner.Flush();
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (!response.HasStarted)
            {
                await response.StartAsync(cancellationToken);
            }

            if (!Discard)
            {
                await Inner.FlushAsync(cancellationToken);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!response.HasStarted)
            {
                await response.StartAsync(cancellationToken);
            }

            if (!Discard)
            {
                await Inner.WriteAsync(buffer, cancellationToken);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
