using IpExchange.EventStore;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IpExchange.ServiceDefaults.Tests;

public enum ListingState
{
    Draft,
    Published,
}

public sealed record ListingView(string Title, ListingState State);

public sealed record SubmitListing(string Title, decimal Price);

public sealed record PatentTerms(ListingState State, IReadOnlyList<string> Inventors, int Claims, DateOnly FiledOn);

public sealed record RegisterPatent(string Title, PatentTerms Terms);

/// <summary>One service for the whole class: endpoints that answer, conflict, reject and crash.</summary>
public sealed class ServiceWithFailingEndpoints : IAsyncLifetime
{
    public const string StreamId = "listing-42";
    public const long CurrentVersion = 5;
    public const string SecretMessage = "Host=db;Password=hunter2 exploded";

    private LoopbackService? _service;

    public HttpClient Client => _service!.Client;

    public async Task InitializeAsync() => _service = await LoopbackService.Start(app =>
    {
        // Stands in for authentication: the tests say who they are in a header.
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue("X-Test-User", out var user))
            {
                var claims = new List<Claim> { new("sub", user.ToString()) };
                if (context.Request.Headers.TryGetValue("X-Test-Org", out var org))
                {
                    claims.Add(new Claim(RequestContextExtensions.OrganisationClaim, org.ToString()));
                }

                context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
            }

            return next(context);
        });

        app.MapGet("/listings/current", (HttpResponse response) =>
        {
            response.SetVersionETag(CurrentVersion);
            return new ListingView("上海的专利", ListingState.Published);
        });

        // The server read the version itself and lost the race.
        app.MapPost("/listings/race", () => ThrowConflict(CurrentVersion - 1));

        // The client's If-Match is compared with the stream, as an append would.
        app.MapPut("/listings/current", (HttpRequest request, HttpResponse response) =>
        {
            var expected = request.IfMatchVersion() ?? ExpectedVersion.Any;
            if (expected != ExpectedVersion.Any && expected != CurrentVersion)
            {
                ThrowConflict(expected);
            }

            response.SetVersionETag(CurrentVersion + 1);
            return Results.NoContent();
        });

        app.MapGet("/if-match", (HttpRequest request) => new { version = request.IfMatchVersion() });

        app.MapPost("/listings", (SubmitListing command) =>
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>
            {
                ["title"] = ["标题不能为空"],
                ["price"] = ["must be positive", "must have at most 2 decimals"],
            });
        });

        // Echoes what was read: the JSON policy decides what reaches it.
        app.MapPost("/patents", (RegisterPatent command) => command);

        app.MapGet("/search", (string q) => new { q });

        app.MapGet("/patents/{id}", (string id) => new { id });

        app.MapPost("/bids", () =>
        {
            throw new DomainRuleViolationException("bid.below-increment", "amount", "A bid must be at least 100 above the current price.");
        });

        app.MapPost("/bids/below", () =>
        {
            throw new DomainRuleViolationException("bid.below-increment", "amount", "A bid must be at least 1,100.00.", ("minimum", 1100m), ("increment", 100m));
        });

        app.MapGet("/pages", (int? page) => new { page });

        app.MapGet("/listings/missing", () =>
        {
            throw new NotFoundException("Listing", "missing");
        });

        app.MapGet("/listings/secret", () =>
        {
            throw new ForbiddenException("Only the owner may see this listing.");
        });

        app.MapGet("/needs-caller", () =>
        {
            throw new UnauthorizedAccessException("Access to the path '/etc/secret' is denied.");
        });

        app.MapGet("/crash", () =>
        {
            throw new InvalidOperationException(SecretMessage);
        });

        app.MapGet("/conflict-inside", () =>
        {
            throw new InvalidOperationException("wrapped", new ConcurrencyException(StreamId, 1, 2));
        });

        app.MapGet("/metadata", (HttpContext context) => context.EventMetadata());

        app.MapPost("/upload", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            return new { length = body.Length };
        });
    });

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    private static void ThrowConflict(long expected) =>
        throw new ConcurrencyException(StreamId, expected, CurrentVersion);
}
