using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts.Listings;
using IpExchange.Testing;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

[Collection("listing-api")]
public sealed class ListingLifecycleTests(ListingApi api)
{
    [Fact]
    public async Task Drafted_submitted_approved_listing_is_public_searchable_and_its_history_verifies()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Draft(Tju, ListingRequest([patent], pricing: "Auction", mode: "Bidding", reserve: 900_000m));
        Assert.Equal("Draft", await api.Status(id));
        Assert.DoesNotContain(id, await api.SearchIds(Crrc, "q=变流器&pageSize=100"));

        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, id)).StatusCode);
        Assert.Contains(id, await ReviewQueue());

        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Tju).PostAsync($"/api/listings/{id}/approve", null)).StatusCode);
        var approved = await api.As(Staff).PostAsync($"/api/listings/{id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Public", (await Body(approved)).GetProperty("status").GetString());
        // 项目联系人: the reviewing officer (not configured by id here: the name the sign-in carries), with the project desk's telephone and email.
        var contact = (await api.Listing(id, Crrc)).GetProperty("projectContact");
        Assert.Equal(("审核员", "023-6788 5100", "projects@ipx-exchange.example"),
            (contact.GetProperty("name").GetString(), contact.GetProperty("phone").GetString(), contact.GetProperty("email").GetString()));

        // Chinese phrase, English words, IPC prefix, filters: all find it.
        Assert.Contains(id, await api.SearchIds(Crrc, "q=" + Uri.EscapeDataString("轨道交通 变流器") + "&pageSize=100"));
        Assert.Contains(id, await api.SearchIds(Crrc, "q=traction%20converters&pageSize=100"));
        Assert.Contains(id, await api.SearchIds(Crrc, "ipc=H02M%207&tradingMode=Bidding&minPrice=1000000&maxPrice=2000000&pageSize=100"));
        Assert.DoesNotContain(id, await api.SearchIds(Crrc, "q=" + Uri.EscapeDataString("硬质合金") + "&pageSize=100"));
        Assert.DoesNotContain(id, await api.SearchIds(Crrc, "ipc=C22C&pageSize=100"));
        Assert.DoesNotContain(id, await api.SearchIds(Crrc, "maxPrice=1000000&pageSize=100"));

        // The reserve price is for the owner and the exchange only.
        Assert.Equal(900_000m, (await api.Listing(id, Tju)).GetProperty("reservePrice").GetDecimal());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await api.Listing(id, Crrc)).GetProperty("reservePrice").ValueKind);

        var history = await Body(await api.As(Staff).GetAsync($"/api/listings/{id}/history"));
        Assert.Equal(["ListingDrafted", "ListingSubmitted", "ListingApproved"], history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(["u-tju-1", "u-tju-1", "u-ex-1"], history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("userId").GetString()));
        Assert.True(history.GetProperty("verification").GetProperty("isIntact").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Crrc).GetAsync($"/api/listings/{id}/history")).StatusCode);

        async Task<IReadOnlyList<string>> ReviewQueue()
        {
            var page = await Body(await api.As(Staff).GetAsync("/api/listings/review-queue?pageSize=100"));
            return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        }
    }

    [Fact]
    public async Task A_rejected_listing_is_corrected_under_its_ETag_and_approved_on_resubmission()
    {
        await using var heard = await MessageLog.Start(api.Bus, typeof(ListingSubmitted), typeof(ListingRejected), typeof(ListingPublished), typeof(ListingLeftReview));
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Draft(Tju, ListingRequest([patent]));
        await api.Submit(Tju, id);

        Assert.Equal(HttpStatusCode.BadRequest, (await api.As(Staff).PostAsJsonAsync($"/api/listings/{id}/reject", new { reasons = Array.Empty<string>() })).StatusCode);
        var rejected = await api.As(Staff).PostAsJsonAsync($"/api/listings/{id}/reject", new { reasons = new[] { "挂牌价格缺少评估依据" } });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var body = await Body(rejected);
        Assert.Equal("Rejected", body.GetProperty("status").GetString());
        Assert.Equal("挂牌价格缺少评估依据", body.GetProperty("rejectionReasons")[0].GetString());
        var etag = rejected.Headers.ETag!.Tag;

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/listings/{id}") { Content = JsonContent.Create(ListingRequest([patent], asking: 800_000m)) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.As(Tju).SendAsync(stale)).StatusCode);

        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/listings/{id}") { Content = JsonContent.Create(ListingRequest([patent], asking: 800_000m)) };
        edit.Headers.IfMatch.ParseAdd(etag);
        var edited = await api.As(Tju).SendAsync(edit);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(800_000m, (await Body(edited)).GetProperty("askingPrice").GetDecimal());

        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Staff).PostAsync($"/api/listings/{id}/approve", null)).StatusCode);
        Assert.Equal("Public", await api.Status(id));

        // The cockpit learns each stage from the events: two submissions, one rejection with its reason, one publication.
        await Eventually(() => Task.FromResult(heard.OfType<ListingPublished>().Any(p => p.ListingId == id)), "ListingPublished");
        Assert.Equal(2, heard.OfType<ListingSubmitted>().Count(e => e.ListingId == id));
        Assert.Contains(800_000m, heard.OfType<ListingSubmitted>().Where(e => e.ListingId == id).Select(e => e.AskingPrice)); // the corrected price
        var rejection = Assert.Single(heard.OfType<ListingRejected>(), e => e.ListingId == id);
        Assert.Equal(["挂牌价格缺少评估依据"], rejection.Reasons);
        // The edit after the rejection made it a draft again: the cockpit stops counting it as rejected until it is resubmitted.
        Assert.Equal(ReviewExit.ReturnedToDraft, Assert.Single(heard.OfType<ListingLeftReview>(), e => e.ListingId == id).How);
    }

    [Fact]
    public async Task Other_services_learn_the_submitted_patents_codes_and_the_published_reserve_price_and_patents()
    {
        await using var heard = await MessageLog.Start(api.Bus, typeof(ListingSubmitted), typeof(ListingPublished));
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent], pricing: "Auction", mode: "Bidding", reserve: 900_000m));

        await Eventually(() => Task.FromResult(heard.OfType<ListingPublished>().Any(p => p.ListingId == id)), "ListingPublished");
        var submitted = Assert.Single(heard.OfType<ListingSubmitted>(), e => e.ListingId == id);
        Assert.Equal(["H02M 7/48", "B61C 3/00"], submitted.IpcCodes);
        var published = heard.OfType<ListingPublished>().Single(p => p.ListingId == id);
        Assert.Equal(900_000m, published.ReservePrice);
        Assert.Equal("org-tju", published.OwnerOrganisationId);
        var listed = Assert.Single(published.Patents);
        Assert.Equal(patent, listed.PatentId);
        Assert.Equal(["H02M 7/48", "B61C 3/00"], listed.IpcCodes);
        Assert.Equal(new DateOnly(2039, 3, 15), listed.ExpiresOn);
        Assert.False(listed.Pledged);
    }

    [Fact]
    public async Task Only_the_owner_changes_a_listing_and_others_do_not_learn_it_exists()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Draft(Tju, ListingRequest([patent]));
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Csu).GetAsync($"/api/listings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Submit(Csu, id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Csu).PostAsJsonAsync($"/api/listings/{id}/withdraw", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Replace(api.As(Csu), $"/api/listings/{id}", ListingRequest([patent]), ifMatch: 1)).StatusCode);
        Assert.Equal("Draft", await api.Status(id));
    }

    [Fact]
    public async Task A_withdrawn_listing_leaves_the_search_and_frees_its_patent()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent]));
        Assert.Contains(id, await api.SearchIds(Sinoma, "q=" + Uri.EscapeDataString("故障诊断") + "&pageSize=100"));

        var withdrawn = await api.As(Tju).PostAsJsonAsync($"/api/listings/{id}/withdraw", new { reason = "学校决定自行转化" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("Withdrawn", await api.Status(id));
        Assert.DoesNotContain(id, await api.SearchIds(Sinoma, "q=" + Uri.EscapeDataString("故障诊断") + "&pageSize=100"));
        Assert.Equal("listing.ended", await ListingSteps.RuleOf(await api.As(Tju).PostAsJsonAsync($"/api/listings/{id}/withdraw", new { })));

        // The patent may be listed exclusively again.
        await api.Publish(Tju, ListingRequest([patent]));
    }

    [Fact]
    public async Task A_listing_withdrawn_during_review_tells_the_cockpit_it_left_the_review()
    {
        await using var heard = await MessageLog.Start(api.Bus, typeof(ListingLeftReview), typeof(ListingWithdrawn));
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Draft(Tju, ListingRequest([patent]));
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Tju).PostAsJsonAsync($"/api/listings/{id}/withdraw", new { reason = "补充评估报告后再提交" })).StatusCode);

        await Eventually(() => Task.FromResult(heard.OfType<ListingLeftReview>().Any(e => e.ListingId == id)), "ListingLeftReview");
        var left = Assert.Single(heard.OfType<ListingLeftReview>(), e => e.ListingId == id);
        Assert.Equal((ReviewExit.Withdrawn, "org-tju"), (left.How, left.OwnerOrganisationId));
        // Never public: nobody else saw it, so no ListingWithdrawn.
        Assert.DoesNotContain(heard.OfType<ListingWithdrawn>(), e => e.ListingId == id);
    }

    [Fact]
    public async Task An_alliance_listing_is_seen_only_by_the_alliance_members()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence", mode: "Alliance",
            extra: new { allianceId = "alliance-rail", allianceMemberIds = new[] { "org-crrc" } }));
        Assert.Contains(id, await api.SearchIds(Crrc, "tradingMode=Alliance&pageSize=100"));
        Assert.DoesNotContain(id, await api.SearchIds(Sinoma, "tradingMode=Alliance&pageSize=100"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Sinoma).GetAsync($"/api/listings/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_listing_expires_at_the_end_of_its_period_from_the_durable_timer()
    {
        var patent = await api.RegisterPatent(Tju);
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(3);
        var id = await api.Publish(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence", until: until));
        var otherId = await api.Publish(Tju, ListingRequest([await api.RegisterPatent(Tju)], dealKind: "NonExclusiveLicence"));

        api.Clock.Advance(TimeSpan.FromDays(4));
        try
        {
            await Eventually(async () => await api.Status(id) == "Expired", "the listing to expire");
        }
        finally
        {
            api.Clock.Advance(-TimeSpan.FromDays(4));
        }

        Assert.Equal("Public", await api.Status(otherId));
        Assert.DoesNotContain(id, await api.SearchIds(Crrc, "pageSize=100&dealKind=NonExclusiveLicence"));
    }
}
