using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace IpExchange.ServiceDefaults;

/// <summary>
/// A stream's version travels over HTTP as its ETag: responses carry <c>ETag: "7"</c>, and a write
/// that must not overwrite someone else's change sends it back as <c>If-Match: "7"</c>.
/// </summary>
public static class VersionETags
{
    /// <summary>
    /// The expected version from <c>If-Match</c> (strong <c>"7"</c> or weak <c>W/"7"</c>), or null when
    /// the header is absent. Anything else (several tags, <c>*</c>, a non-number) is rejected with a 400.
    /// </summary>
    public static long? IfMatchVersion(this HttpRequest request) =>
        request.IfMatchTag() is not { } tag
            ? null
            : tag.Length > 2 && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : throw NotOneTag();

    /// <summary>
    /// The one entity tag in <c>If-Match</c>, quotes included (<c>"7"</c>; a weak tag's <c>W/</c> dropped), or null
    /// when the header is absent; several tags or <c>*</c> are rejected with a 400. For resources whose
    /// version is not a stream's number (an account's concurrency stamp).
    /// </summary>
    public static string? IfMatchTag(this HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 && EntityTagHeaderValue.TryParse(values[0], out var tag) && !tag.Equals(EntityTagHeaderValue.Any)
            ? tag.Tag.ToString()
            : throw NotOneTag();
    }

    private static ValidationFailedException NotOneTag() => new(
        HeaderNames.IfMatch,
        "If-Match must be one version ETag, such as \"7\", taken from the resource's ETag.");

    /// <summary>Writes the version as a strong ETag: <c>ETag: "7"</c>.</summary>
    public static void SetVersionETag(this HttpResponse response, long version) =>
        response.Headers.ETag = VersionTag(version);

    /// <summary>The ETag text for <paramref name="version"/>, quotes included.</summary>
    public static string VersionTag(long version) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");
}
