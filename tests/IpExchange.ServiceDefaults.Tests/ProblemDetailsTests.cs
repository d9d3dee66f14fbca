using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace IpExchange.ServiceDefaults.Tests;

public sealed class ProblemDetailsTests(ServiceWithFailingEndpoints service) : IClassFixture<ServiceWithFailingEndpoints>
{
    private const string CorrelationHeader = "X-Correlation-Id";

    [Fact]
    public async Task A_conflict_without_If_Match_is_409_with_stream_and_versions()
    {
        var correlationId = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/listings/race");
        request.Headers.Add(CorrelationHeader, correlationId.ToString());

        using var response = await service.Client.SendAsync(request);
        var problem = await Problem(response, HttpStatusCode.Conflict);

        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(ServiceWithFailingEndpoints.StreamId, problem.GetProperty("streamId").GetString());
        Assert.Equal(4, problem.GetProperty("expectedVersion").GetInt64());
        Assert.Equal(5, problem.GetProperty("actualVersion").GetInt64());
        Assert.Contains("listing-42", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(correlationId.ToString(), problem.GetProperty("correlationId").GetString());
        Assert.Equal(correlationId.ToString(), Header(response, CorrelationHeader));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_with_stream_and_versions()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/listings/current");
        request.Headers.TryAddWithoutValidation("If-Match", "\"3\"");

        using var response = await service.Client.SendAsync(request);
        var problem = await Problem(response, HttpStatusCode.PreconditionFailed);

        Assert.Equal(ServiceWithFailingEndpoints.StreamId, problem.GetProperty("streamId").GetString());
        Assert.Equal(3, problem.GetProperty("expectedVersion").GetInt64());
        Assert.Equal(5, problem.GetProperty("actualVersion").GetInt64());
    }

    [Fact]
    public async Task A_current_If_Match_succeeds_and_answers_the_new_ETag()
    {
        using var read = await service.Client.GetAsync(new Uri("/listings/current", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!;
        Assert.Equal("\"5\"", etag.Tag);
        Assert.False(etag.IsWeak);

        using var write = new HttpRequestMessage(HttpMethod.Put, "/listings/current");
        write.Headers.IfMatch.Add(etag);
        using var response = await service.Client.SendAsync(write);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("\"6\"", response.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("\"7\"", 7L)]
    [InlineData("W/\"7\"", 7L)]
    [InlineData(" \"0\" ", 0L)]
    public async Task If_Match_versions_are_read_strong_or_weak(string header, long expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/if-match");
        request.Headers.TryAddWithoutValidation("If-Match", header);

        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, body.RootElement.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task No_If_Match_reads_as_no_version()
    {
        using var response = await service.Client.GetAsync(new Uri("/if-match", UriKind.Relative));

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("version").ValueKind);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("\"seven\"")]
    [InlineData("\"-1\"")]
    [InlineData("*")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"\"")]
    public async Task A_malformed_If_Match_is_400_naming_the_header(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/if-match");
        request.Headers.TryAddWithoutValidation("If-Match", header);

        using var response = await service.Client.SendAsync(request);
        var problem = await Problem(response, HttpStatusCode.BadRequest);

        var messages = problem.GetProperty("errors").GetProperty("If-Match");
        Assert.Contains("version ETag", messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_If_Match_on_a_write_is_400_not_412()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/listings/current");
        request.Headers.TryAddWithoutValidation("If-Match", "latest");

        using var response = await service.Client.SendAsync(request);

        await Problem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_conflict_wrapped_in_another_exception_is_still_409()
    {
        using var response = await service.Client.GetAsync(new Uri("/conflict-inside", UriKind.Relative));

        var problem = await Problem(response, HttpStatusCode.Conflict);
        Assert.Equal(1, problem.GetProperty("expectedVersion").GetInt64());
    }

    [Fact]
    public async Task Validation_failures_are_400_with_errors_per_field()
    {
        using var response = await service.Client.PostAsync(new Uri("/listings", UriKind.Relative), Json("""{"title":"","price":-1}"""));

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["标题不能为空"], errors.GetProperty("title").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["must be positive", "must have at most 2 decimals"], errors.GetProperty("price").EnumerateArray().Select(m => m.GetString()));
        // Chinese stays readable on the wire.
        Assert.Contains("标题不能为空", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_business_rule_is_422_with_the_rule_and_field()
    {
        using var response = await service.Client.PostAsync(new Uri("/bids", UriKind.Relative), null);

        var problem = await Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("bid.below-increment", problem.GetProperty("rule").GetString());
        Assert.Equal("A bid must be at least 100 above the current price.", problem.GetProperty("detail").GetString());
        Assert.Equal("A bid must be at least 100 above the current price.", problem.GetProperty("errors").GetProperty("amount")[0].GetString());
    }

    [Fact]
    public async Task Not_found_and_forbidden_have_their_statuses_and_say_why()
    {
        using var missing = await service.Client.GetAsync(new Uri("/listings/missing", UriKind.Relative));
        using var forbidden = await service.Client.GetAsync(new Uri("/listings/secret", UriKind.Relative));

        Assert.Equal("Listing 'missing' was not found.", (await Problem(missing, HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        Assert.Equal("Only the owner may see this listing.", (await Problem(forbidden, HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_missing_caller_is_401_without_the_exception_message()
    {
        using var response = await service.Client.GetAsync(new Uri("/needs-caller", UriKind.Relative));

        var body = await response.Content.ReadAsStringAsync();
        var problem = await Problem(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Sign in first.", problem.GetProperty("title").GetString());
        Assert.DoesNotContain("/etc/secret", body, StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Validation_failures_carry_a_code_per_field_with_its_parameters()
    {
        using var response = await service.Client.PostAsync(new Uri("/listings", UriKind.Relative), Json("""{"title":"","price":-1}"""));

        var codes = (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("codes");
        Assert.Equal("invalid", codes.GetProperty("title")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/listings", """{"title":"x","price":"cheap"}""", "price", "json.wrong-type", "a number")]
    [InlineData("/patents", """{"title":"x","terms":{"state":"Draft","inventors":["a"],"claims":"three","filedOn":"2024-01-01"}}""", "terms.claims", "json.wrong-type", "a whole number")]
    [InlineData("/patents", """{"title":"x","terms":{"state":"Draft","inventors":["a"],"claims":3,"filedOn":"yesterday"}}""", "terms.filedOn", "json.wrong-type", "a date (yyyy-MM-dd)")]
    [InlineData("/patents", """{"title":7}""", "title", "json.wrong-type", "text")]
    public async Task A_value_of_the_wrong_type_names_the_field_and_what_it_expects_without_type_names(string path, string body, string field, string code, string expected)
    {
        using var response = await service.Client.PostAsync(new Uri(path, UriKind.Relative), Json(body));

        var text = await response.Content.ReadAsStringAsync();
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        var entry = problem.GetProperty("codes").GetProperty(field)[0];
        Assert.Equal(code, entry.GetProperty("code").GetString());
        Assert.Equal(expected, entry.GetProperty("expected").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("IpExchange.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Decimal", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("\"Archived\"")]
    [InlineData("\"1\"")]
    public async Task An_enum_is_read_by_name_only_and_an_undefined_value_is_refused_with_the_allowed_names(string state)
    {
        using var response = await service.Client.PostAsync(new Uri("/patents", UriKind.Relative),
            Json($$$"""{"title":"x","terms":{"state":{{{state}}},"inventors":["a"],"claims":3,"filedOn":"2024-01-01"}}"""));

        var entry = (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("codes").GetProperty("terms.state")[0];
        Assert.Equal("json.not-allowed-value", entry.GetProperty("code").GetString());
        Assert.Equal(["Draft", "Published"], entry.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [InlineData("\\u0000", "text.control-character")]
    [InlineData("\\u0007", "text.control-character")]
    [InlineData("\\u202E", "text.bidi-control")]
    [InlineData("\\u2066", "text.bidi-control")]
    public async Task Control_and_bidirectional_override_characters_are_refused_in_any_string_naming_the_field(string character, string code)
    {
        using var response = await service.Client.PostAsync(new Uri("/patents", UriKind.Relative),
            Json($$$"""{"title":"x","terms":{"state":"Draft","inventors":["张三","李{{{character}}}四"],"claims":3,"filedOn":"2024-01-01"}}"""));

        var entry = (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("codes").GetProperty("terms.inventors[1]")[0];
        Assert.Equal(code, entry.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Line_breaks_tabs_and_Chinese_text_pass()
    {
        using var response = await service.Client.PostAsync(new Uri("/patents", UriKind.Relative),
            Json("""{"title":"一种轨道交通变流器\n第二行\t制表","terms":{"state":"Draft","inventors":["张三"],"claims":3,"filedOn":"2024-01-01"}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("一种轨道交通变流器\n第二行\t制表", (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Control_characters_in_the_query_or_the_route_are_refused_naming_the_parameter()
    {
        using var query = await service.Client.GetAsync(new Uri("/search?q=a%00b", UriKind.Relative));
        using var route = await service.Client.GetAsync(new Uri("/patents/CN%E2%80%AE1", UriKind.Relative));

        Assert.Equal("text.control-character", (await Problem(query, HttpStatusCode.BadRequest)).GetProperty("codes").GetProperty("q")[0].GetProperty("code").GetString());
        Assert.Equal("text.bidi-control", (await Problem(route, HttpStatusCode.BadRequest)).GetProperty("codes").GetProperty("id")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_400_naming_the_body()
    {
        using var response = await service.Client.PostAsync(new Uri("/listings", UriKind.Relative), Json("""{"title": "x", """));

        var codes = (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("codes");
        Assert.True(codes.TryGetProperty("body", out var body) || codes.EnumerateObject().Any(), "a field is named");
        Assert.StartsWith("json.", codes.EnumerateObject().First().Value[0].GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_exception_is_500_without_its_message()
    {
        var correlationId = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/crash");
        request.Headers.Add(CorrelationHeader, correlationId.ToString());

        using var response = await service.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await Problem(response, HttpStatusCode.InternalServerError);

        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.Equal("An unexpected error occurred.", problem.GetProperty("title").GetString());
        Assert.Equal(correlationId.ToString(), problem.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await service.Client.GetAsync(new Uri("/nowhere", UriKind.Relative));

        var problem = await Problem(response, HttpStatusCode.NotFound);
        Assert.True(Guid.TryParse(problem.GetProperty("correlationId").GetString(), out _));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        // Expect: 100-continue lets the server refuse before the client sends the body; otherwise
        // the client may still be writing when the server answers and closes the connection.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StringContent(new string('x', 1024 * 1024 + 1)) };
        request.Headers.ExpectContinue = true;

        using var response = await service.Client.SendAsync(request);

        await Problem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_under_the_limit_is_read()
    {
        using var response = await service.Client.PostAsync(new Uri("/upload", UriKind.Relative), new StringContent(new string('x', 1000)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Equal(Header(response, CorrelationHeader), problem.GetProperty("correlationId").GetString());
        return problem;
    }

    [Theory]
    [InlineData("\"5\"")]
    [InlineData("W/\"5\"")]
    [InlineData("\"4\", \"5\"")]
    [InlineData("*")]
    public async Task A_conditional_read_of_an_unchanged_resource_is_304_without_a_body(string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/listings/current");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);

        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("\"5\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_conditional_read_of_a_changed_resource_is_the_resource()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/listings/current");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"4\"");

        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("上海的专利", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_broken_rule_carries_its_code_and_parameters_for_the_field()
    {
        using var response = await service.Client.PostAsync(new Uri("/bids/below", UriKind.Relative), null);

        var entry = (await Problem(response, HttpStatusCode.UnprocessableEntity)).GetProperty("codes").GetProperty("amount")[0];
        Assert.Equal("bid.below-increment", entry.GetProperty("code").GetString());
        Assert.Equal(1100m, entry.GetProperty("minimum").GetDecimal());
        Assert.Equal(100m, entry.GetProperty("increment").GetDecimal());
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_names_the_parameter_without_type_names()
    {
        using var response = await service.Client.GetAsync(new Uri("/pages?page=abc", UriKind.Relative));

        var text = await response.Content.ReadAsStringAsync();
        var entry = (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("codes").GetProperty("page")[0];
        Assert.Equal("json.wrong-type", entry.GetProperty("code").GetString());
        Assert.Equal("a whole number", entry.GetProperty("expected").GetString());
        Assert.DoesNotContain("int?", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_query_value_names_the_parameter()
    {
        using var response = await service.Client.GetAsync(new Uri("/search", UriKind.Relative));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("required", (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("codes").GetProperty("q")[0].GetProperty("code").GetString());
        Assert.DoesNotContain("string q", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Draft, Published\"")]
    [InlineData("\"Draft,Published\"")]
    [InlineData("\"\"")]
    public async Task Enum_names_joined_as_flags_are_refused(string state)
    {
        using var response = await service.Client.PostAsync(new Uri("/patents", UriKind.Relative),
            Json($$$"""{"title":"x","terms":{"state":{{{state}}},"inventors":["a"],"claims":3,"filedOn":"2024-01-01"}}"""));

        Assert.Equal("json.not-allowed-value",
            (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("codes").GetProperty("terms.state")[0].GetProperty("code").GetString());
    }
}
