using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IpExchange.ServiceDefaults;

namespace IpExchange.Sweep.Tests;

/// <summary>
/// Where a write endpoint is tried: as whom, at which URL, with a body the endpoint accepts (the
/// sweep spoils one field at a time), and where to read the resource back to see it unchanged.
/// </summary>
/// <param name="IfMatch">Send the ETag read at <paramref name="ReadUrl"/> as If-Match (a PUT needs it; without it the answer would be 428 before any field is read).</param>
public sealed record Target(Caller? Caller, string Url, JsonObject? Body, string? ReadUrl, Caller? Reader = null, bool IfMatch = false);

/// <summary>What the sweep covered and what it found.</summary>
public sealed class SweepReport
{
    public List<string> Failures { get; } = [];
    public HashSet<string> Endpoints { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Fields { get; } = new(StringComparer.Ordinal);
    public int Cases { get; set; }
    public Dictionary<string, int> EndpointsPerService { get; } = new(StringComparer.Ordinal);

    public string Coverage =>
        $"Sweep covered {Endpoints.Count} write endpoints ({string.Join(", ", EndpointsPerService.Select(e => $"{e.Key} {e.Value}"))}), " +
        $"{Fields.Count} fields, {Cases} cases.";
}

/// <summary>
/// Runs the cases of one service's write endpoints: every field of the body with every bad value
/// its kind admits (<see cref="Cases"/>), and the route's values with control and bidi characters.
/// Each answer must be 400 naming that field, never 500, a status the document lists; the
/// resource read again must be as it was. Finally the untouched body must be accepted, which shows
/// the refusals were the spoiled field's doing.
/// </summary>
public sealed class Sweep(ISweptService service, ApiDoc doc, SweepReport report)
{
    public async Task Run(Operation operation, Target target)
    {
        report.Endpoints.Add($"{doc.Service} {operation.Key}");
        report.EndpointsPerService[doc.Service] = report.EndpointsPerService.GetValueOrDefault(doc.Service) + 1;
        var before = await Read(target);
        foreach (var field in operation.Fields())
        {
            report.Fields.Add($"{doc.Service} {operation.Key} {field.Path}");
            foreach (var @case in Cases.For(field, At(target.Body, field.Path)))
            {
                var body = (JsonObject)target.Body!.DeepClone();
                Set(body, field.Path, @case.Value?.DeepClone());
                before = await Refused(operation, target, target.Url, body, before, @case.ToString(), field.Path);
            }
        }

        foreach (var parameter in operation.RouteParameters)
        {
            report.Fields.Add($"{doc.Service} {operation.Key} {{{parameter}}}");
            // (A NUL never reaches the service: the server refuses a path with one before any routing.)
            foreach (var (name, spoil) in new[] { ("escape", "%1B"), ("backspace", "%08"), ("bidi override", "%E2%80%AE") })
            {
                var url = SpoilRoute(operation, target.Url, parameter, spoil);
                before = await Refused(operation, target, url, target.Body, before, $"{{{parameter}}} ← {name}", parameter);
            }
        }

        // The untouched request is accepted: every refusal above was the spoiled field's.
        using var valid = await Send(operation, target.Caller, target.Url, target.Body, await ETag(target));
        if (!valid.IsSuccessStatusCode)
        {
            report.Failures.Add($"{doc.Service} {operation.Key}: the valid request answered {(int)valid.StatusCode}: {await valid.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Sends any request through the same check: a status the document does not list for the operation is a failure.</summary>
    public async Task<HttpResponseMessage> Send(Operation? operation, Caller? caller, string url, JsonNode? body, string? ifMatch = null, string? method = null)
    {
        method ??= operation!.Method;
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await service.As(caller).SendAsync(request);
        Listed(operation ?? doc.Match(method, url), (int)response.StatusCode, $"{method} {url}");
        return response;
    }

    /// <summary>Sends one spoiled request and checks the answer; returns the resource as read after it (the next case's "before").</summary>
    private async Task<(HttpStatusCode Status, string? ETag, string Body)?> Refused(Operation operation, Target target, string url, JsonNode? body, (HttpStatusCode Status, string? ETag, string Body)? before, string what, string field)
    {
        report.Cases++;
        using var response = await Send(operation, target.Caller, url, body, await ETag(target));
        var text = await response.Content.ReadAsStringAsync();
        var label = $"{doc.Service} {operation.Key} {what}";
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            report.Failures.Add($"{label}: answered {(int)response.StatusCode}, not 400: {Shorten(text)}");
        }
        else if (!Names(text, field))
        {
            report.Failures.Add($"{label}: the 400 does not name '{field}': {Shorten(text)}");
        }

        if (before is { } then && await Read(target) is { } now && (now.Status != then.Status || now.ETag != then.ETag || now.Body != then.Body))
        {
            report.Failures.Add($"{label}: the resource changed: {(int)then.Status} {then.ETag} → {(int)now.Status} {now.ETag}: {Difference(then.Body, now.Body)}");
            return now;
        }

        return before;
    }

    private void Listed(Operation? operation, int status, string request)
    {
        if (operation is null)
        {
            report.Failures.Add($"{doc.Service} {request}: no operation of the document serves this request (answered {status})");
        }
        else if (!operation.Statuses.Contains(status))
        {
            report.Failures.Add($"{doc.Service} {operation.Key}: answered {status}, which the document does not list ({string.Join(", ", operation.Statuses.Order())})");
        }
    }

    /// <summary>The problem's <c>errors</c> and <c>codes</c> name the field (or a part of it, <c>schedule[0].amount</c> for <c>schedule</c>).</summary>
    private static bool Names(string problem, string field)
    {
        try
        {
            using var json = JsonDocument.Parse(problem);
            if (!json.RootElement.TryGetProperty("errors", out var errors) || !json.RootElement.TryGetProperty("codes", out var codes))
            {
                return false;
            }

            static bool Under(string key, string field) =>
                key == field || key.StartsWith(field + ".", StringComparison.Ordinal) || key.StartsWith(field + "[", StringComparison.Ordinal);

            return errors.EnumerateObject().Any(e => Under(e.Name, field))
                && codes.EnumerateObject().Any(c => Under(c.Name, field) && c.Value.EnumerateArray().All(entry => entry.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 }));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<(HttpStatusCode Status, string? ETag, string Body)?> Read(Target target)
    {
        if (target.ReadUrl is null)
        {
            return null;
        }

        using var response = await Send(null, target.Reader ?? target.Caller, target.ReadUrl, null, method: "GET");
        return (response.StatusCode, response.Headers.ETag?.Tag, await response.Content.ReadAsStringAsync());
    }

    private async Task<string?> ETag(Target target) => target.IfMatch && await Read(target) is { ETag: { } tag } ? tag : null;

    private static string SpoilRoute(Operation operation, string url, string parameter, string spoil)
    {
        // The parameter's position in the template is the segment to spoil in the URL.
        var segments = operation.Template.Split('/');
        var index = Array.IndexOf(segments, "{" + parameter + "}");
        var parts = url.Split('?')[0].Split('/');
        parts[index] += spoil;
        return string.Join('/', parts);
    }

    /// <summary>The value at a field's path in the body (null when absent).</summary>
    private static JsonNode? At(JsonNode? body, string path)
    {
        var node = body;
        foreach (var (name, index) in Steps(path))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
            if (index is { } i)
            {
                node = node is JsonArray a && a.Count > i ? a[i] : null;
            }
        }

        return node;
    }

    /// <summary>Puts <paramref name="value"/> at the path, making the objects and lists on the way when the body has none.</summary>
    private static void Set(JsonObject body, string path, JsonNode? value)
    {
        var steps = Steps(path).ToList();
        JsonNode node = body;
        for (var s = 0; s < steps.Count; s++)
        {
            var (name, index) = steps[s];
            var last = s == steps.Count - 1;
            var parent = (JsonObject)node;
            if (index is null)
            {
                if (last)
                {
                    parent[name] = value;
                    return;
                }

                if (parent[name] is not JsonObject)
                {
                    parent[name] = new JsonObject();
                }

                node = parent[name]!;
                continue;
            }

            if (parent[name] is not JsonArray list)
            {
                parent[name] = list = [];
            }

            while (list.Count <= index)
            {
                list.Add(last ? null : new JsonObject());
            }

            if (last)
            {
                list[index.Value] = value;
                return;
            }

            if (list[index.Value] is not JsonObject)
            {
                list[index.Value] = new JsonObject();
            }

            node = list[index.Value]!;
        }
    }

    private static IEnumerable<(string Name, int? Index)> Steps(string path) =>
        path.Split('.').Select(step => Regex.Match(step, @"^(?<name>[^\[]+)(\[(?<i>\d+)\])?$")).Select(m =>
            (m.Groups["name"].Value, m.Groups["i"].Success ? int.Parse(m.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null));

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "…" : text;

    /// <summary>Where two bodies part: a little of what both share, then each one's rest.</summary>
    private static string Difference(string before, string after)
    {
        var same = 0;
        while (same < before.Length && same < after.Length && before[same] == after[same])
        {
            same++;
        }

        var from = Math.Max(0, same - 80);
        return $"…{before[from..same]}[{Shorten(before[same..])}] → [{Shorten(after[same..])}]";
    }
}
