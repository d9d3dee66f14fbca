using System.Net;
using System.Text.Json;

namespace IpExchange.ServiceDefaults.Tests;

public sealed class RequestContextTests(ServiceWithFailingEndpoints service) : IClassFixture<ServiceWithFailingEndpoints>
{
    private const string CorrelationHeader = "X-Correlation-Id";

    [Fact]
    public async Task A_given_correlation_id_is_echoed_and_goes_into_the_event_metadata()
    {
        var correlationId = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metadata");
        request.Headers.Add(CorrelationHeader, correlationId.ToString());
        request.Headers.Add("X-Test-User", "user-7");
        request.Headers.Add("X-Test-Org", "org-3");

        using var response = await service.Client.SendAsync(request);
        var metadata = await Body(response);

        Assert.Equal(correlationId.ToString(), response.Headers.GetValues(CorrelationHeader).Single());
        Assert.Equal(correlationId, metadata.GetProperty("correlationId").GetGuid());
        Assert.Equal(JsonValueKind.Null, metadata.GetProperty("causationId").ValueKind);
        Assert.Equal("user-7", metadata.GetProperty("userId").GetString());
        Assert.Equal("org-3", metadata.GetProperty("organisationId").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task A_missing_or_malformed_correlation_id_is_replaced_by_a_new_one(string? given)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metadata");
        if (given is not null)
        {
            request.Headers.Add(CorrelationHeader, given);
        }

        using var response = await service.Client.SendAsync(request);
        var metadata = await Body(response);

        var echoed = Guid.Parse(response.Headers.GetValues(CorrelationHeader).Single());
        Assert.NotEqual(Guid.Empty, echoed);
        Assert.Equal(echoed, metadata.GetProperty("correlationId").GetGuid());
    }

    [Fact]
    public async Task An_anonymous_caller_has_no_user_or_organisation()
    {
        using var response = await service.Client.GetAsync(new Uri("/metadata", UriKind.Relative));
        var metadata = await Body(response);

        Assert.Equal(JsonValueKind.Null, metadata.GetProperty("userId").ValueKind);
        Assert.Equal(JsonValueKind.Null, metadata.GetProperty("organisationId").ValueKind);
    }

    [Fact]
    public async Task Json_answers_keep_enums_as_names_and_Chinese_unescaped()
    {
        using var response = await service.Client.GetAsync(new Uri("/listings/current", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("""{"title":"上海的专利","state":"Published"}""", text);
    }

    private static async Task<JsonElement> Body(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
