using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using IpExchange.ServiceDefaults;
using static IpExchange.Gateway.Tests.Edge;

namespace IpExchange.Gateway.Tests;

/// <summary>The abuse cases of issue 7, each through the gateway against the running Listing service.</summary>
[Collection("edge")]
public sealed class AbuseCaseTests(Edge edge)
{
    [Fact]
    public async Task No_token_is_refused_with_401_and_a_problem_body()
    {
        using var client = edge.As(null);

        var response = await client.GetAsync("/api/patents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await Body(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_token_whose_claims_were_changed_is_refused_with_401()
    {
        // The enterprise edits its own token to claim the exchange role, keeping the signature.
        var parts = Token(HxLoco).Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace("\"enterprise\"", "\"exchange\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        using var client = edge.Gateway.Client(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/patents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_without_a_signature_is_refused_with_401()
    {
        using var someoneElses = System.Security.Cryptography.RSA.Create(2048);
        using var otherKey = edge.Gateway.Client(Token(Swrtu, key: new Microsoft.IdentityModel.Tokens.RsaSecurityKey(someoneElses) { KeyId = "test-run-key" }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherKey.GetAsync("/api/patents")).StatusCode);

        var parts = Token(Swrtu).Split('.');
        var unsigned = $"{Base64UrlEncode("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8.ToArray())}.{parts[1]}.";
        using var none = edge.Gateway.Client(unsigned);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/api/patents")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_401()
    {
        var expired = Token(Swrtu, lifetime: TimeSpan.FromMinutes(5), now: DateTimeOffset.UtcNow.AddMinutes(-10));
        using var client = edge.Gateway.Client(expired);

        var response = await client.GetAsync("/api/patents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Parameter?.Contains("expired", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task An_enterprise_registering_a_patent_is_refused_with_403()
    {
        using var client = edge.As(HxLoco);

        var response = await client.PostAsJsonAsync("/api/patents", PatentRequest(NewNumber()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Body(response);
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        // Refused at the edge by the route's "university" policy: the service's own refusal has a detail.
        Assert.False(problem.TryGetProperty("detail", out _));
    }

    [Fact]
    public async Task The_cockpit_and_the_audit_are_for_exchange_staff_only()
    {
        using var enterprise = edge.As(HxLoco);
        using var university = edge.As(Swrtu);
        using var staff = edge.As(Staff);

        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetAsync("/api/cockpit/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await university.GetAsync("/api/audit/streams")).StatusCode);
        // Staff pass the edge; the Monitoring service is not deployed yet, which the gateway says in a problem body.
        var passed = await staff.GetAsync("/api/cockpit/summary");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, passed.StatusCode);
        Assert.Equal(503, (await Body(passed)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Another_organisations_patent_is_not_found_through_the_gateway()
    {
        var number = NewNumber();
        using var owner = edge.As(Swrtu);
        using var other = edge.As(Xjhm);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/patents", PatentRequest(number))).StatusCode);
        var id = number[2..];

        var read = await other.GetAsync($"/api/patents/{id}");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/patents/{id}/legal-status") { Content = JsonContent.Create(new { status = "Lapsed" }) };
        put.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var change = await other.SendAsync(put);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        // The same answer as for a number nobody registered: existence does not leak.
        var never = await other.GetAsync($"/api/patents/{NewNumber()[2..]}");
        Assert.Equal((await Body(never)).GetProperty("title").GetString(), (await Body(read)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/patents/{id}")).StatusCode);
        Assert.Equal("Valid", (await Body(await owner.GetAsync($"/api/patents/{id}"))).GetProperty("legalStatus").GetString());
    }

    [Fact]
    public async Task Too_many_requests_from_one_user_get_429_with_Retry_After_while_other_users_go_on()
    {
        using var busy = edge.Throttled.Client(Token(Xjhm));
        using var other = edge.Throttled.Client(Token(Swrtu));

        for (var i = 0; i < ThrottledPerUser; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/patents")).StatusCode);
        }

        var refused = await busy.GetAsync("/api/patents");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        var problem = await Body(refused);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("Too many requests.", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/patents")).StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        using var client = edge.As(Swrtu);
        var huge = new string('专', 400_000); // 1.2 MB in UTF-8, over the 1 MB limit

        // A declared length over the limit is refused before the body is read. The client asks first
        // (Expect: 100-continue), as a client sending a large body should: otherwise the refusal and the
        // connection's close can overtake the body still being written, and the client sees a broken pipe.
        using var declaredRequest = new HttpRequestMessage(HttpMethod.Post, "/api/patents") { Content = JsonContent.Create(PatentRequest(NewNumber(), title: huge)) };
        await declaredRequest.Content.LoadIntoBufferAsync(); // a Content-Length, not chunks
        declaredRequest.Headers.ExpectContinue = true;
        var declared = await client.SendAsync(declaredRequest);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(413, (await Body(declared)).GetProperty("status").GetInt32());

        // Chunked, so that the size is known only while the body streams through.
        using var chunked = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes($"{{\"title\":\"{huge}\"}}")));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var streamed = await client.PostAsync("/api/patents", chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);

        // The sign-in routes too, before anything reaches the Identity service (no destination here).
        using var anonymous = edge.As(null);
        using var oversizedLogin = new HttpRequestMessage(HttpMethod.Post, "/auth/token")
        {
            Content = new StringContent($"{{\"username\":\"{huge}\",\"password\":\"x\"}}", Encoding.UTF8, "application/json"),
        };
        oversizedLogin.Headers.ExpectContinue = true;
        var login = await anonymous.SendAsync(oversizedLogin);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, login.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_that_says_what_is_wrong()
    {
        using var client = edge.As(Swrtu);
        using var content = new StringContent("{\"number\": \"ZL201910123456.X\", \"title\": ", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/patents", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Body(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("json.malformed", problem.GetProperty("codes").EnumerateObject().Single().Value[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_a_400_problem_that_names_the_field()
    {
        using var client = edge.As(Swrtu);
        using var content = new StringContent(
            $"{{\"number\":\"{NewNumber()}\",\"title\":\"变流器\",\"claimsCount\":\"ten\"}}", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/patents", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Body(response);
        Assert.Equal("json.wrong-type", problem.GetProperty("codes").GetProperty("claimsCount")[0].GetProperty("code").GetString());
        Assert.Equal("a whole number", problem.GetProperty("codes").GetProperty("claimsCount")[0].GetProperty("expected").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("claimsCount", out _));
    }

    [Fact]
    public async Task Sql_and_script_injection_strings_are_stored_and_returned_as_inert_text()
    {
        using var client = edge.As(Swrtu);
        var number = NewNumber();
        const string title = "'); DROP TABLE listing.patents; -- <script>alert(document.cookie)</script> 温升\" OR 1=1";

        var created = await client.PostAsJsonAsync("/api/patents", PatentRequest(number, title: title));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var read = await client.GetAsync($"/api/patents/{number[2..]}");
        Assert.Equal("application/json", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", read.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(title, (await Body(read)).GetProperty("title").GetString());

        var search = await client.GetAsync($"/api/listings?q={Uri.EscapeDataString("' OR '1'='1'; --")}");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/patents")).StatusCode);
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hides its length, so that HttpClient sends the body chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
