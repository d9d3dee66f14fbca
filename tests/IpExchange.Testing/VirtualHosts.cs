using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace IpExchange.Testing;

/// <summary>
/// A RabbitMQ virtual host of a test's own, made through the management API, so that services of
/// other tests running at the same time (a Listing service refuses every deal it never listed)
/// do not answer this test's messages. Without the management API: the default virtual host.
/// </summary>
public static class VirtualHosts
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Made = new(StringComparer.Ordinal);

    public static string Isolated(string name) => Made.GetOrAdd(name, n => new Lazy<string>(() => Create(n))).Value;

    private static string Create(string name)
    {
        var port = Environment.GetEnvironmentVariable("Messaging__ManagementPort");
        if (string.IsNullOrEmpty(port))
        {
            return "/";
        }

        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var user = Environment.GetEnvironmentVariable("Messaging__Username") ?? "guest";
            var password = Environment.GetEnvironmentVariable("Messaging__Password") ?? "guest";
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            http.PutAsync(new Uri($"api/vhosts/{name}", UriKind.Relative), null).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            http.PutAsJsonAsync($"api/permissions/{name}/{user}", new { configure = ".*", write = ".*", read = ".*" }).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            return name;
        }
        catch (HttpRequestException)
        {
            return "/";
        }
        catch (TaskCanceledException)
        {
            return "/";
        }
    }
}
