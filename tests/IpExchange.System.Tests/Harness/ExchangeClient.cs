using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IpExchange.SystemTesting;

/// <summary>The demo users of the gateway (gateway/appsettings.json), password demo-2026.</summary>
public static class DemoUsers
{
    public const string Password = "demo-2026";
    public static readonly string[] Universities = ["swrtu", "xjhm"];
    public static readonly string[] Enterprises = ["xt-rail", "xt-semi", "lj-tool"];
    public const string Exchange = "exchange";

    /// <summary>质押融资: the demo bank (重庆渝江银行) and guarantee institution (重庆科技融资担保).</summary>
    public const string Bank = "cq-bank";
    public const string Guarantor = "cq-guar";
}

/// <summary>
/// HTTP through the gateway only, signed in as the demo users: tokens come from the gateway's
/// POST /auth/token like a browser's would.
/// </summary>
public sealed class ExchangeClient(Uri gateway) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly ConcurrentDictionary<string, (string Token, JsonElement User)> _sessions = new(StringComparer.Ordinal);

    /// <summary>Signs in every demo user of the trade once.</summary>
    public async Task SignInAll(CancellationToken cancellationToken)
    {
        foreach (var user in DemoUsers.Universities.Concat(DemoUsers.Enterprises).Append(DemoUsers.Exchange))
        {
            await SignIn(user, cancellationToken);
        }
    }

    /// <summary>Signs in one demo user (the bank's and the guarantor's too).</summary>
    public async Task SignIn(string user, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("/auth/token", new { username = user, password = DemoUsers.Password }, cancellationToken);
        var body = await Json(response, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in of {user} failed: {(int)response.StatusCode} {body}");
        }

        _sessions[user] = (body.GetProperty("accessToken").GetString()!, body.GetProperty("user").Clone());
    }

    public string OrganisationOf(string user) => _sessions[user].User.GetProperty("organisationId").GetString()!;

    public Task<Answer> Post(string user, string path, object? body, CancellationToken cancellationToken) =>
        Send(user, HttpMethod.Post, path, body, cancellationToken);

    public Task<Answer> Get(string user, string path, CancellationToken cancellationToken) =>
        Send(user, HttpMethod.Get, path, null, cancellationToken);

    public async Task<Answer> Send(string user, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sessions[user].Token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        return new Answer((int)response.StatusCode, await Json(response, cancellationToken));
    }

    /// <summary>The data of each server-sent event named <paramref name="eventName"/> on <paramref name="path"/>, as they come.</summary>
    public async IAsyncEnumerable<JsonElement> Events(string user, string path, string eventName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sessions[user].Token);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? name = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal) && name == eventName)
            {
                yield return JsonDocument.Parse(line["data:".Length..]).RootElement.Clone();
            }
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An HTTP answer: status and JSON body (a JSON string when the body was not JSON).</summary>
public sealed record Answer(int Status, JsonElement Body)
{
    public bool Ok => Status is >= 200 and < 300;

    public string? Rule => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("rule", out var rule) ? rule.GetString() : null;

    public string Text(string property) => Body.GetProperty(property).GetString()!;

    /// <summary>The body, or throws saying what the request answered instead.</summary>
    public JsonElement Expect(int status, string what) => Status == status
        ? Body
        : throw new InvalidOperationException($"{what}: expected {status}, got {Status}: {Body}");

    public override string ToString() => $"{Status} {Body}";
}
