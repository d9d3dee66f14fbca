using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.ServiceDefaults;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

/// <summary>The steps tests take again and again, each asserting it worked.</summary>
public static class ListingSteps
{
    public static async Task<string> RegisterPatent(this ListingApi api, Caller owner, object? request = null, string? number = null)
    {
        number ??= NewNumber();
        var response = await api.As(owner).PostAsJsonAsync("/api/patents", request ?? PatentRequest(number));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Body(response)).GetProperty("id").GetString()!;
    }

    public static async Task<string> Draft(this ListingApi api, Caller owner, object request)
    {
        var response = await api.As(owner).PostAsJsonAsync("/api/listings", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Body(response)).GetProperty("id").GetString()!;
    }

    public static async Task<HttpResponseMessage> Submit(this ListingApi api, Caller owner, string listingId) =>
        await api.As(owner).PostAsync($"/api/listings/{listingId}/submit", null);

    public static async Task<string> Publish(this ListingApi api, Caller owner, object request)
    {
        var id = await api.Draft(owner, request);
        var submitted = await api.Submit(owner, id);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var approved = await api.As(Staff).PostAsync($"/api/listings/{id}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return id;
    }

    public static async Task<JsonElement> Listing(this ListingApi api, string id, Caller? caller = null) =>
        await Body(await api.As(caller ?? Staff).GetAsync($"/api/listings/{id}"));

    public static async Task<string> Status(this ListingApi api, string id) => (await api.Listing(id)).GetProperty("status").GetString()!;

    public static async Task<IReadOnlyList<string>> SearchIds(this ListingApi api, Caller caller, string query)
    {
        var page = await Body(await api.As(caller).GetAsync($"/api/listings?{query}"));
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
    }

    public static async Task<string> RuleOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await Body(response)).GetProperty("rule").GetString()!;
    }
}
