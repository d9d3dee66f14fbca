using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Listing.Patents;
using IpExchange.Testing;
using MassTransit;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

/// <summary>
/// Licences on patents against the real servers: the terms a licence listing offers, the licences
/// each patent knows (granted by a deal, in force from its agreement's LicenceTookEffect to its
/// LicenceEnded), and the rules they impose on listings and deals (Patent Law arts. 50–52).
/// </summary>
[Collection("listing-api")]
public sealed class LicenceTests(ListingApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus, typeof(DealRefused), typeof(ListingLicensed), typeof(ListingPublished),
        typeof(ListingReserved), typeof(ListingSold));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    private static readonly object Licence = new
    {
        termMonths = 36, territory = "湖南省、四川省", fieldOfUse = "城市轨道交通车辆牵引系统", sublicensingAllowed = false, royaltyRate = 0.0325m,
        minimumAnnualRoyalty = 50_000m,
    };

    private static object OpenLicence(string patent) => ListingRequest([patent], dealKind: "OpenLicence", mode: "ListingTransfer",
        extra: new { openLicenceFee = 50_000m, openLicenceTerms = "按公告标准一次性支付许可使用费", licence = new { termMonths = 24 } });

    [Fact]
    public async Task A_licence_listing_states_its_terms_they_are_checked_and_published_and_a_contribution_in_kind_needs_its_appraisal()
    {
        var patent = await api.RegisterPatent(Tju);
        var bad = await api.As(Tju).PostAsJsonAsync("/api/listings", ListingRequest([patent], dealKind: "ExclusiveLicence",
            extra: new { licence = new { termMonths = 0, royaltyRate = 0.6m, minimumAnnualRoyalty = -1m } }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await Body(bad);
        foreach (var field in new[] { "licence.termMonths", "licence.royaltyRate", "licence.minimumAnnualRoyalty" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field} in {problem}");
        }

        var equity = await api.As(Tju).PostAsJsonAsync("/api/listings", ListingRequest([patent], dealKind: "EquityContribution"));
        Assert.Equal(HttpStatusCode.BadRequest, equity.StatusCode);
        Assert.True((await Body(equity)).GetProperty("errors").TryGetProperty("appraisal", out _));

        var id = await api.Publish(Tju, ListingRequest([patent], dealKind: "ExclusiveLicence", extra: new { licence = Licence }));
        var licence = (await api.Listing(id, Crrc)).GetProperty("licence");
        Assert.Equal(36, licence.GetProperty("termMonths").GetInt32());
        Assert.Equal("城市轨道交通车辆牵引系统", licence.GetProperty("fieldOfUse").GetString());
        Assert.Equal(0.0325m, licence.GetProperty("royaltyRate").GetDecimal());
        await Eventually(() => Task.FromResult(_heard.OfType<ListingPublished>().Any(p => p.ListingId == id)), "ListingPublished");
        var published = _heard.OfType<ListingPublished>().Single(p => p.ListingId == id);
        Assert.Equal(new LicenceTerms(36, "湖南省、四川省", "城市轨道交通车辆牵引系统", false, 0.0325m, 50_000m), published.Licence);

        // A licence listed without terms offers the defaults; an assignment has none.
        var plain = await api.Draft(Tju, ListingRequest([await api.RegisterPatent(Tju)], dealKind: "NonExclusiveLicence"));
        Assert.Equal(LicenceTerms.Default.TermMonths, (await api.Listing(plain)).GetProperty("licence").GetProperty("termMonths").GetInt32());
        Assert.Equal(JsonValueKind.Null, (await api.Listing(await api.Draft(Tju, ListingRequest([await api.RegisterPatent(Tju)])))).GetProperty("licence").ValueKind);
    }

    [Fact]
    public async Task A_granted_open_licence_outlives_its_withdrawn_declaration_and_keeps_exclusive_licences_out_until_it_ends()
    {
        var patent = await api.RegisterPatent(Tju);
        var open = await api.Publish(Tju, OpenLicence(patent));
        await api.Bus.Publish(Deal("open-1", open, Crrc, DealKind.OpenLicence));
        await Eventually(() => Task.FromResult(_heard.OfType<ListingLicensed>().Any(l => l.DealId == "open-1")), "the open licence granted");
        var granted = Assert.Single((await PatentView(patent)).GetProperty("licences").EnumerateArray());
        Assert.Equal(("OpenLicence", JsonValueKind.Null), (granted.GetProperty("dealKind").GetString(), granted.GetProperty("endsOn").ValueKind));

        // Withdrawing the declaration stops new licensees, not the licence granted.
        Assert.Equal(HttpStatusCode.OK, (await api.As(Tju).PostAsync($"/api/listings/{open}/withdraw", null)).StatusCode);
        var exclusive = await api.Draft(Tju, ListingRequest([patent], dealKind: "ExclusiveLicence"));
        Assert.Equal("listing.patent-under-open-licence", await ListingSteps.RuleOf(await api.Submit(Tju, exclusive)));
        var sole = await api.Draft(Tju, ListingRequest([patent], dealKind: "SoleLicence"));
        Assert.Equal("listing.patent-under-open-licence", await ListingSteps.RuleOf(await api.Submit(Tju, sole)));

        // Its agreement takes effect: the licence is in force for its term, still in the way.
        var starts = DateOnly.FromDateTime(DateTime.UtcNow);
        await api.Bus.Publish(new LicenceTookEffect("AG-open-1", "open-1", open, DealKind.OpenLicence, "org-tju", Crrc.OrganisationId, [patent], starts,
            starts.AddMonths(24).AddDays(-1), DateTimeOffset.UtcNow));
        await Eventually(async () => (await PatentView(patent)).GetProperty("licences")[0].GetProperty("endsOn").ValueKind == JsonValueKind.String, "the licence's term");
        Assert.Equal("listing.patent-under-open-licence", await ListingSteps.RuleOf(await api.Submit(Tju, exclusive)));
        // A non-exclusive licence beside it is fine.
        var nonExclusive = await api.Draft(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence"));
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, nonExclusive)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Tju).PostAsync($"/api/listings/{nonExclusive}/withdraw", null)).StatusCode);

        // Its term ends: the patent is free for an exclusive licence.
        await api.Bus.Publish(new LicenceEnded("AG-open-1", "open-1", open, DealKind.OpenLicence, Crrc.OrganisationId, [patent], starts.AddMonths(24).AddDays(-1),
            LicenceEnded.TermEnded, DateTimeOffset.UtcNow));
        await Eventually(async () => (await PatentView(patent)).GetProperty("licences").GetArrayLength() == 0, "the licence to end");
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, exclusive)).StatusCode);

        // A late repeat of its taking effect does not bring the ended licence back.
        var repeat = Guid.NewGuid();
        var late = new LicenceTookEffect("AG-open-1", "open-1", open, DealKind.OpenLicence, "org-tju", Crrc.OrganisationId, [patent], starts,
            starts.AddMonths(24).AddDays(-1), DateTimeOffset.UtcNow);
        await api.Bus.Publish(late, context => context.MessageId = repeat);
        await api.Consumed(repeat, "the late repeat handled");
        Assert.Equal(0, (await PatentView(patent)).GetProperty("licences").GetArrayLength());
    }

    [Fact]
    public async Task An_exclusive_licence_deal_is_refused_when_a_licence_took_effect_on_its_patent_after_the_listing_went_public()
    {
        // A non-exclusive listing beside an exclusive one is allowed; whichever is dealt first rules out the other.
        var patent = await api.RegisterPatent(Tju);
        var exclusive = await api.Publish(Tju, ListingRequest([patent], dealKind: "ExclusiveLicence"));
        var plain = await api.Publish(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence"));
        await api.Bus.Publish(Deal("plain-1", plain, Sinoma, DealKind.NonExclusiveLicence));
        await Eventually(() => Task.FromResult(_heard.OfType<ListingLicensed>().Any(l => l.DealId == "plain-1")), "the non-exclusive licence");
        await api.Bus.Publish(Deal("excl-1", exclusive, Crrc, DealKind.ExclusiveLicence));
        await Eventually(() => Task.FromResult(_heard.OfType<DealRefused>().Any(r => r.DealId == "excl-1")), "the exclusive deal refused");
        Assert.Contains("licensed non-exclusively", _heard.OfType<DealRefused>().Single(r => r.DealId == "excl-1").Reason, StringComparison.Ordinal);
        Assert.Equal("Public", await api.Status(exclusive));

        // An open licence in force on the patent of a public exclusive listing: a state the listing
        // rules keep out since they exist (a listing approved before them can meet it). The deal is refused.
        var other = await api.RegisterPatent(Tju);
        var old = await api.Publish(Tju, ListingRequest([other], dealKind: "SoleLicence"));
        await using (var session = await api.Store.OpenSession(EventMetadata.System()))
        {
            var held = await session.Load<Patent>(Patent.StreamId(other));
            session.Append(held, new PatentLicenceGranted("open-elsewhere", "GP-OUTSIDE", DealKind.OpenLicence, Sinoma.OrganisationId,
                DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.FromDateTime(DateTime.UtcNow).AddYears(2)));
            await session.SaveChanges();
        }

        await api.Bus.Publish(Deal("sole-1", old, Crrc, DealKind.SoleLicence));
        await Eventually(() => Task.FromResult(_heard.OfType<DealRefused>().Any(r => r.DealId == "sole-1")), "the sole licence deal refused");
        Assert.Contains("carries an open licence", _heard.OfType<DealRefused>().Single(r => r.DealId == "sole-1").Reason, StringComparison.Ordinal);
        Assert.Equal("Public", await api.Status(old));
    }

    [Fact]
    public async Task A_sold_exclusive_licence_holds_its_patent_until_its_term_ends()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent], dealKind: "ExclusiveLicence", extra: new { licence = Licence }));
        await api.Bus.Publish(Deal("excl-sold", id, Crrc, DealKind.ExclusiveLicence));
        await Eventually(async () => await api.Status(id) == "Reserved", "the reservation");
        var starts = DateOnly.FromDateTime(DateTime.UtcNow);
        await api.Bus.Publish(new LicenceTookEffect("AG-excl-sold", "excl-sold", id, DealKind.ExclusiveLicence, "org-tju", Crrc.OrganisationId, [patent], starts,
            starts.AddMonths(36).AddDays(-1), DateTimeOffset.UtcNow));
        await api.Bus.Publish(new ContractCompleted("AG-excl-sold", "excl-sold", id, "org-tju", Crrc.OrganisationId, 1_150_000m, DateTimeOffset.UtcNow));
        await Eventually(async () => await api.Status(id) == "Sold", "the sale");
        await Eventually(async () => (await PatentView(patent)).GetProperty("licences").EnumerateArray().Any(l => l.GetProperty("endsOn").ValueKind == JsonValueKind.String),
            "the licence in force");

        var second = await api.Draft(Tju, ListingRequest([patent], dealKind: "SoleLicence"));
        Assert.Equal("listing.patent-in-exclusive-listing", await ListingSteps.RuleOf(await api.Submit(Tju, second)));
        var open = await api.Draft(Tju, OpenLicence(patent));
        Assert.Equal("listing.patent-licensed-exclusively", await ListingSteps.RuleOf(await api.Submit(Tju, open)));
        Assert.Equal("org-tju", (await PatentView(patent)).GetProperty("ownerOrganisationId").GetString()); // a licence never hands over the patent

        await api.Bus.Publish(new LicenceEnded("AG-excl-sold", "excl-sold", id, DealKind.ExclusiveLicence, Crrc.OrganisationId, [patent], starts.AddMonths(36).AddDays(-1),
            LicenceEnded.TermEnded, DateTimeOffset.UtcNow));
        await Eventually(async () => (await PatentView(patent)).GetProperty("activeListingIds").GetArrayLength() == 0, "the patent released");
        Assert.Equal(0, (await PatentView(patent)).GetProperty("licences").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await api.Submit(Tju, second)).StatusCode);
    }

    [Fact]
    public async Task An_effective_exclusive_licence_cancelled_after_the_listing_period_ends_its_licence_and_expires_the_listing_in_one_go()
    {
        var patent = await api.RegisterPatent(Tju);
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(3);
        var id = await api.Publish(Tju, ListingRequest([patent], dealKind: "ExclusiveLicence", until: until));
        await api.Bus.Publish(Deal("excl-late", id, Crrc, DealKind.ExclusiveLicence));
        await Eventually(async () => await api.Status(id) == "Reserved", "the reservation");
        var starts = DateOnly.FromDateTime(DateTime.UtcNow);
        await api.Bus.Publish(new LicenceTookEffect("AG-excl-late", "excl-late", id, DealKind.ExclusiveLicence, "org-tju", Crrc.OrganisationId, [patent], starts,
            starts.AddMonths(12).AddDays(-1), DateTimeOffset.UtcNow));
        await Eventually(async () => (await PatentView(patent)).GetProperty("licences").GetArrayLength() == 1, "the licence in force");

        // The period ends while the agreement holds the listing; then the agreement is cancelled: the licence
        // ends on the patent and the listing, released, expires at once, its patent freed, in one unit of work.
        api.Clock.Advance(TimeSpan.FromDays(4));
        try
        {
            await api.Bus.Publish(new ContractCancelled("AG-excl-late", "excl-late", id, "交易中心撤销", DateTimeOffset.UtcNow.AddDays(4)));
            await Eventually(async () => await api.Status(id) == "Expired", "the listing to expire as it reopens");
        }
        finally
        {
            api.Clock.Advance(-TimeSpan.FromDays(4));
        }

        var view = await PatentView(patent);
        Assert.Equal(0, view.GetProperty("licences").GetArrayLength());
        Assert.Equal(0, view.GetProperty("activeListingIds").GetArrayLength());
    }

    private async Task<JsonElement> PatentView(string id) => await Body(await api.As(Staff).GetAsync($"/api/patents/{id}"));

    private static DealStruck Deal(string dealId, string listingId, IpExchange.ServiceDefaults.Caller buyer, DealKind kind) =>
        new(dealId, listingId, "org-tju", buyer.OrganisationId, 1_150_000m, kind, TradingMode.Negotiated, PricingMethod.Negotiated,
            "按挂牌条件成交", [new PaymentTerm("入门费", 1_150_000m, new DateOnly(2027, 1, 31))], null, DateTimeOffset.UtcNow);
}
