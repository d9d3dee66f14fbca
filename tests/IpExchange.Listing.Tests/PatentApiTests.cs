using System.Net;
using System.Net.Http.Json;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

[Collection("listing-api")]
public sealed class PatentApiTests(ListingApi api)
{
    [Fact]
    public async Task A_university_registers_a_patent_and_reads_it_back_with_its_term()
    {
        var number = NewNumber(2019);
        var created = await api.As(Tju).PostAsJsonAsync("/api/patents", PatentRequest(number));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var id = number[2..];
        Assert.Equal($"/api/patents/{id}", created.Headers.Location?.ToString());

        var read = await api.As(Tju).GetAsync($"/api/patents/{id}");
        var body = await Body(read);
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("org-tju", body.GetProperty("ownerOrganisationId").GetString());
        Assert.Equal("一种轨道交通牵引变流器的故障诊断方法", body.GetProperty("title").GetString());
        Assert.Equal("2039-03-15", body.GetProperty("expiresOn").GetString()); // invention: 20 years from filing
        Assert.Equal(["H02M 7/48", "B61C 3/00"], body.GetProperty("ipcCodes").EnumerateArray().Select(c => c.GetString()));

        var mine = await Body(await api.As(Tju).GetAsync("/api/patents?pageSize=100"));
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == id);
    }

    [Theory]
    [InlineData("ZL2019101234567.8", "number", "not a Chinese patent number")]
    [InlineData("WRONG_CHECK", "number", "check digit")]
    [InlineData("BAD_IPC", "ipcCodes[0]", "not an IPC code")]
    [InlineData("TYPE_MISMATCH", "type", "UtilityModel number")]
    [InlineData("FUTURE_FILING", "filingDate", "future")]
    [InlineData("NO_TITLE", "title", "required")]
    public async Task Bad_patent_input_is_refused_with_the_field_and_the_reason_and_nothing_is_stored(string kind, string field, string reason)
    {
        var number = NewNumber(2019);
        var digits = number[2..14];
        object request = kind switch
        {
            "WRONG_CHECK" => PatentRequest($"ZL{digits}.{(PatentNumberCheck(digits) == '0' ? '1' : '0')}"),
            "BAD_IPC" => PatentRequest(number, ipc: "Z99Q 1/2"),
            "TYPE_MISMATCH" => PatentRequest(NewNumber(2019, '2')),
            "FUTURE_FILING" => PatentRequest(number, filing: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30)),
            "NO_TITLE" => PatentRequest(number, title: "  "),
            _ => PatentRequest(kind),
        };

        var response = await api.As(Tju).PostAsJsonAsync("/api/patents", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Body(response);
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tju).GetAsync($"/api/patents/{digits}.{PatentNumberCheck(digits)}")).StatusCode);
    }

    [Fact]
    public async Task Registering_a_number_twice_is_refused_with_the_rule()
    {
        var number = NewNumber();
        Assert.Equal(HttpStatusCode.Created, (await api.As(Tju).PostAsJsonAsync("/api/patents", PatentRequest(number))).StatusCode);
        var again = await api.As(Csu).PostAsJsonAsync("/api/patents", PatentRequest(number));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("patent.already-registered", (await Body(again)).GetProperty("rule").GetString());
        Assert.Equal("org-tju", (await Body(await api.As(Tju).GetAsync($"/api/patents/{number[2..]}"))).GetProperty("ownerOrganisationId").GetString());
    }

    [Fact]
    public async Task Only_universities_register_and_only_with_a_valid_token()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Crrc).PostAsJsonAsync("/api/patents", PatentRequest(NewNumber()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.As(null).PostAsJsonAsync("/api/patents", PatentRequest(NewNumber()))).StatusCode);
        var forged = api.As(null);
        forged.DefaultRequestHeaders.Authorization = new("Bearer", Token(Tju)[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsJsonAsync("/api/patents", PatentRequest(NewNumber()))).StatusCode);
    }

    [Fact]
    public async Task Another_organisations_patent_is_not_found_for_reading_or_changing()
    {
        var number = NewNumber();
        await api.As(Tju).PostAsJsonAsync("/api/patents", PatentRequest(number));
        var id = number[2..];
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Csu).GetAsync($"/api/patents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Replace(api.As(Csu), $"/api/patents/{id}/legal-status", new { status = "Lapsed" }, ifMatch: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Staff).GetAsync($"/api/patents/{id}")).StatusCode);
        Assert.Equal("Valid", (await Body(await api.As(Tju).GetAsync($"/api/patents/{id}"))).GetProperty("legalStatus").GetString());
    }

    [Fact]
    public async Task The_patent_list_counts_the_listings_offering_each_patent_and_follows_its_status()
    {
        var patent = await api.RegisterPatent(Tju);
        var first = await api.Draft(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence"));
        var second = await api.Draft(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence"));
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, second)).StatusCode);
        Assert.Equal(2, (await Listed(patent)).GetProperty("activeListings").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await api.As(Tju).PostAsJsonAsync($"/api/listings/{first}/withdraw", new { reason = "合并挂牌" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Tju).PostAsJsonAsync($"/api/patents/{patent}/pledge",
            new { pledgee = "重庆农村商业银行", pledgedOn = "2025-01-10" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Replace(api.As(Tju), $"/api/patents/{patent}/legal-status", new { status = "Lapsed" }, $"/api/patents/{patent}")).StatusCode);
        var listed = await Listed(patent);
        Assert.Equal(1, listed.GetProperty("activeListings").GetInt32());
        Assert.True(listed.GetProperty("pledged").GetBoolean());
        Assert.Equal("Lapsed", listed.GetProperty("legalStatus").GetString());
        Assert.Equal("Invention", listed.GetProperty("type").GetString());

        // The exchange lists any owner's patents; another university none of them.
        Assert.Equal(patent, (await Listed(patent, Staff, "?owner=org-tju&pageSize=100")).GetProperty("id").GetString());
        var others = await Body(await api.As(Csu).GetAsync("/api/patents?pageSize=100"));
        Assert.DoesNotContain(others.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == patent);
    }

    private async Task<System.Text.Json.JsonElement> Listed(string patent, IpExchange.ServiceDefaults.Caller? caller = null, string query = "?pageSize=100")
    {
        var page = await Body(await api.As(caller ?? Tju).GetAsync($"/api/patents{query}"));
        return page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetString() == patent);
    }

    [Fact]
    public async Task Injection_strings_are_stored_and_returned_as_inert_text()
    {
        var number = NewNumber();
        const string title = "'); DROP TABLE listing.patents; -- <script>alert('x')</script> 变流器";
        Assert.Equal(HttpStatusCode.Created, (await api.As(Tju).PostAsJsonAsync("/api/patents", PatentRequest(number, title: title))).StatusCode);
        var body = await Body(await api.As(Tju).GetAsync($"/api/patents/{number[2..]}"));
        Assert.Equal(title, body.GetProperty("title").GetString());
    }

    private static char PatentNumberCheck(string digits) => IpExchange.Listing.Patents.PatentNumber.CheckCharacter(digits);
}
