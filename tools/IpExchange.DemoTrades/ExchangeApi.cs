using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IpExchange.DemoTrades;

/// <summary>A request the gateway answered otherwise than the step needs: what was asked and what came back.</summary>
public sealed class TradeStepFailedException(string message) : Exception(message);

/// <summary>
/// The gateway's public API as the demo users use it: each signs in with its demo login
/// (POST /auth/token, Development only) and sends typed requests with its own token.
/// </summary>
public sealed class ExchangeApi(Uri gateway) : IDisposable
{
    public const string Password = "demo-2026";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
    private readonly Dictionary<string, SignedIn> _sessions = new(StringComparer.Ordinal);

    public async Task SignIn(string username, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("/auth/token", new TokenRequest(username, Password), Json, cancellationToken);
        _sessions[username] = await Read<SignedIn>(response, $"signing in as {username}", cancellationToken);
    }

    public string OrganisationOf(string username) => _sessions[username].User.OrganisationId;

    public Task<T> Get<T>(string username, string path, CancellationToken cancellationToken) =>
        Send<T>(username, HttpMethod.Get, path, null, cancellationToken);

    public Task<T> Post<T>(string username, string path, object? body, CancellationToken cancellationToken) =>
        Send<T>(username, HttpMethod.Post, path, body, cancellationToken);

    /// <summary>A read that may not find its thing yet (another service has not learnt of it): null for 404.</summary>
    public async Task<T?> Find<T>(string username, string path, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await _http.SendAsync(Request(username, HttpMethod.Get, path, null), cancellationToken);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : await Read<T>(response, $"GET {path} as {username}", cancellationToken);
    }

    private async Task<T> Send<T>(string username, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(Request(username, method, path, body), cancellationToken);
        return await Read<T>(response, $"{method} {path} as {username}", cancellationToken);
    }

    private HttpRequestMessage Request(string username, HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _sessions[username].AccessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return request;
    }

    private static async Task<T> Read<T>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new TradeStepFailedException($"{what}: {(int)response.StatusCode} {text}");
        }

        // A command may answer 204 or an empty 200: nothing to read but that it succeeded.
        return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(text) ? "{}" : text, Json) ?? throw new TradeStepFailedException($"{what}: an empty answer");
    }

    public void Dispose() => _http.Dispose();
}

// What the demo users send: the API's own request shapes (camelCase JSON, enums as their names).
public sealed record TokenRequest(string Username, string Password);
public sealed record OpenNegotiationRequest(string ListingId, decimal Price, string Note);
public sealed record CounterOfferRequest(decimal Price, string Note);
public sealed record AcceptRequest(string ListingId);
public sealed record SignRequest(string ContentHash);
public sealed record RegistrationRequest(string NoticeNumber, DateOnly NoticeDate);
public sealed record PaymentRequest(string Milestone, decimal Amount, string Reference);
public sealed record ScheduleAuctionRequest(string ListingId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal StartingPrice, decimal Increment, decimal Deposit,
    int SoftCloseWindowSeconds, int SoftCloseExtensionSeconds);
public sealed record RegisterRequest(string DepositReference);
public sealed record BidRequest(decimal Amount);
public sealed record DemandRequest(string Title, string Description, IReadOnlyList<string> IpcCodes, decimal BudgetMin, decimal BudgetMax,
    IReadOnlyList<string> DealKinds, string Region, DateOnly Deadline);

// What they read back: only the fields the trades need.
public sealed record SignedIn(string AccessToken, SignedInUser User);
public sealed record SignedInUser(string OrganisationId);
public sealed record Page<T>(IReadOnlyList<T> Items, long Total);
public sealed record ListingItem(string Id, string Status, string Title, string OwnerOrganisationId, string DealKind, string PricingMethod, string TradingMode, decimal AskingPrice);
public sealed record NegotiationItem(string Id);
public sealed record Negotiation(string Id, string Status, string? DealId);
public sealed record Accepted(string DealId);
public sealed record Deal(string DealId, string Status);
public sealed record Agreement(string Id, string Status, string ContentHash, IReadOnlyList<Milestone> Milestones);
public sealed record Milestone(string Id, decimal Outstanding);
public sealed record Auction(string Id, string Status, string? Outcome);
public sealed record Created(string Id);

/// <summary>An answer read only for having come.</summary>
public sealed record Ack;
