using System.Net;
using System.Net.Http.Json;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

[Collection("listing-api")]
public sealed class ListingRulesTests(ListingApi api)
{
    [Theory]
    [InlineData(-5, "askingPrice", "greater than zero")]
    [InlineData(0, "askingPrice", "greater than zero")]
    [InlineData(1_000_000_000_000, "askingPrice", "100,000,000,000")]
    [InlineData(12.345, "askingPrice", "two decimal places")]
    public async Task Negative_zero_absurd_or_sub_fen_prices_are_refused(decimal asking, string field, string reason)
    {
        var patent = await api.RegisterPatent(Tju);
        var response = await api.As(Tju).PostAsJsonAsync("/api/listings", ListingRequest([patent], asking: asking));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var messages = (await Body(response)).GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!);
        Assert.Contains(messages, m => m.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_form_rules_of_pricing_and_modes_are_reported_together()
    {
        var patent = await api.RegisterPatent(Tju);
        var response = await api.As(Tju).PostAsJsonAsync("/api/listings",
            ListingRequest([patent], dealKind: "OpenLicence", pricing: "Auction", mode: "Directed", until: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Body(response)).GetProperty("errors");
        foreach (var field in new[] { "tradingMode", "reservePrice", "openLicenceFee", "directedToOrganisationId", "listedUntil" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error on {field}: {errors}");
        }

        var appraisal = await api.As(Tju).PostAsJsonAsync("/api/listings", ListingRequest([patent], pricing: "Appraisal"));
        Assert.True((await Body(appraisal)).GetProperty("errors").TryGetProperty("appraisal", out _));
    }

    [Fact]
    public async Task Someone_elses_patent_cannot_be_listed()
    {
        var theirs = await api.RegisterPatent(Csu);
        var response = await api.As(Tju).PostAsJsonAsync("/api/listings", ListingRequest([theirs]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not registered by your organisation", (await Body(response)).GetProperty("errors").GetProperty("patentIds[0]")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lapsed_patent_cannot_be_submitted()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Draft(Tju, ListingRequest([patent]));
        Assert.Equal(HttpStatusCode.OK, (await Replace(api.As(Tju), $"/api/patents/{patent}/legal-status", new { status = "Lapsed", note = "未缴年费" }, $"/api/patents/{patent}")).StatusCode);
        Assert.Equal("listing.patent-not-in-force", await ListingSteps.RuleOf(await api.Submit(Tju, id)));
        Assert.Equal("Draft", await api.Status(id));
    }

    [Fact]
    public async Task A_patent_expiring_within_the_listing_period_cannot_be_submitted()
    {
        // A utility model filed in 2016 expires in 2026: inside a year-long period from today.
        var number = NewNumber(2016, '2');
        var patent = await api.RegisterPatent(Tju, PatentRequest(number, type: "UtilityModel", filing: new DateOnly(2016, 12, 20)));
        var id = await api.Draft(Tju, ListingRequest([patent], until: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(360)));
        Assert.Equal("listing.patent-expires-in-period", await ListingSteps.RuleOf(await api.Submit(Tju, id)));
    }

    [Fact]
    public async Task A_pledged_patent_is_offered_for_assignment_only_with_the_pledgees_consent()
    {
        var patent = await api.RegisterPatent(Tju);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Tju).PostAsJsonAsync($"/api/patents/{patent}/pledge",
            new { pledgee = "重庆农村商业银行", contractNumber = "ZY-2025-001", pledgedOn = "2025-01-10" })).StatusCode);

        var licence = await api.Draft(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence"));
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, licence)).StatusCode); // a licence does not transfer the pledged right

        var assignment = await api.Draft(Tju, ListingRequest([patent]));
        Assert.Equal("listing.pledged-without-consent", await ListingSteps.RuleOf(await api.Submit(Tju, assignment)));

        Assert.Equal(HttpStatusCode.OK, (await api.As(Tju).PostAsJsonAsync($"/api/patents/{patent}/pledge/consent", new { consentDocument = "质权人同意转让函 2025-03" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, assignment)).StatusCode);
    }

    [Fact]
    public async Task A_patent_is_in_at_most_one_active_exclusive_listing_and_never_both_open_and_exclusive()
    {
        var patent = await api.RegisterPatent(Tju);
        var first = await api.Draft(Tju, ListingRequest([patent], dealKind: "ExclusiveLicence"));
        var second = await api.Draft(Tju, ListingRequest([patent], dealKind: "Assignment"));
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, first)).StatusCode);
        Assert.Equal("listing.patent-in-exclusive-listing", await ListingSteps.RuleOf(await api.Submit(Tju, second)));

        var open = await api.Draft(Tju, ListingRequest([patent], dealKind: "OpenLicence", mode: "ListingTransfer",
            extra: new { openLicenceFee = 50_000m, openLicenceTerms = "许可期三年，年费五万元" }));
        Assert.Equal("listing.patent-licensed-exclusively", await ListingSteps.RuleOf(await api.Submit(Tju, open)));

        // Non-exclusive licences may stand side by side.
        var plain1 = await api.Draft(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence"));
        var plain2 = await api.Draft(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence"));
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, plain1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, plain2)).StatusCode);

        // An open licence keeps exclusive licences away.
        var other = await api.RegisterPatent(Tju);
        await api.Publish(Tju, ListingRequest([other], dealKind: "OpenLicence", mode: "ListingTransfer",
            extra: new { openLicenceFee = 50_000m, openLicenceTerms = "许可期三年" }));
        var sole = await api.Draft(Tju, ListingRequest([other], dealKind: "SoleLicence"));
        Assert.Equal("listing.patent-under-open-licence", await ListingSteps.RuleOf(await api.Submit(Tju, sole)));
    }

    [Fact]
    public async Task Two_exclusive_listings_racing_for_one_patent_cannot_both_be_submitted()
    {
        var patent = await api.RegisterPatent(Tju);
        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.Draft(Tju, ListingRequest([patent]))));
        var results = await Task.WhenAll(ids.Select(id => api.Submit(Tju, id)));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK),
            r => Assert.True(r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, r.StatusCode.ToString()));
    }
}
