using System.Net;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.Testing;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

/// <summary>Deals and agreements arrive over the real RabbitMQ; the listing answers with its own events.</summary>
[Collection("listing-api")]
public sealed class DealConsumerTests(ListingApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus, typeof(DealRefused), typeof(ListingReserved), typeof(ListingReopened), typeof(ListingSold), typeof(ListingLicensed));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    [Fact]
    public async Task An_exclusive_deal_reserves_the_listing_a_second_deal_is_refused_and_a_cancelled_contract_reopens_it()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent]));

        await api.Bus.Publish(Deal("deal-1", id, Crrc));
        await Eventually(async () => await api.Status(id) == "Reserved", "the listing to be reserved");
        await Eventually(() => Task.FromResult(_heard.OfType<ListingReserved>().Any(r => r.DealId == "deal-1")), "ListingReserved");

        await api.Bus.Publish(Deal("deal-2", id, Sinoma));
        await Eventually(() => Task.FromResult(_heard.OfType<DealRefused>().Any(r => r.DealId == "deal-2")), "the second deal's refusal");
        var refused = _heard.OfType<DealRefused>().Single(r => r.DealId == "deal-2");
        Assert.Contains("already reserved for deal deal-1", refused.Reason, StringComparison.Ordinal);
        Assert.Equal("org-sinoma", refused.BuyerOrganisationId);
        Assert.Equal("Reserved", await api.Status(id));

        // The owner cannot withdraw it while an agreement holds it.
        Assert.Equal("listing.reserved", await ListingSteps.RuleOf(await api.As(Tju).PostAsync($"/api/listings/{id}/withdraw", null)));

        // The same deal delivered again (a new message id) changes nothing.
        await api.Bus.Publish(Deal("deal-1", id, Crrc));

        await api.Bus.Publish(new ContractCancelled("agr-1", "deal-1", id, "乙方未在期限内签署", DateTimeOffset.UtcNow));
        await Eventually(async () => await api.Status(id) == "Public", "the listing to reopen");
        await Eventually(() => Task.FromResult(_heard.OfType<ListingReopened>().Any(r => r.DealId == "deal-1")), "ListingReopened");

        var history = await Body(await api.As(Staff).GetAsync($"/api/listings/{id}/history"));
        Assert.Equal(
            ["ListingDrafted", "ListingSubmitted", "ListingApproved", "ListingReservedForDeal", "DealRefusedForListing", "ListingReservationReleased"],
            history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
        Assert.True(history.GetProperty("verification").GetProperty("isIntact").GetBoolean());
    }

    [Fact]
    public async Task A_completed_assignment_sells_the_listing_and_hands_the_patent_to_the_buyer()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent]));
        await api.Bus.Publish(Deal("deal-sell", id, Crrc));
        await Eventually(async () => await api.Status(id) == "Reserved", "the reservation");

        // A completion of some other deal does nothing.
        await api.Bus.Publish(new ContractCompleted("agr-x", "deal-other", id, "org-tju", "org-sinoma", 1m, DateTimeOffset.UtcNow));
        await api.Bus.Publish(new ContractCompleted("agr-2", "deal-sell", id, "org-tju", "org-crrc", 1_150_000m, DateTimeOffset.UtcNow));
        await Eventually(async () => await api.Status(id) == "Sold", "the sale");
        await Eventually(() => Task.FromResult(_heard.OfType<ListingSold>().Any(s => s.ListingId == id && s.BuyerOrganisationId == "org-crrc")), "ListingSold");

        var patentView = await Body(await api.As(Staff).GetAsync($"/api/patents/{patent}"));
        Assert.Equal("org-crrc", patentView.GetProperty("ownerOrganisationId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tju).GetAsync($"/api/patents/{patent}")).StatusCode);
        Assert.DoesNotContain(id, await api.SearchIds(Sinoma, "pageSize=100"));
    }

    [Fact]
    public async Task Non_exclusive_licences_are_granted_to_many_and_the_listing_stays_public()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent], dealKind: "NonExclusiveLicence"));
        await api.Bus.Publish(Deal("lic-1", id, Crrc, DealKind.NonExclusiveLicence));
        await api.Bus.Publish(Deal("lic-2", id, Sinoma, DealKind.NonExclusiveLicence));
        await Eventually(async () => (await api.Listing(id)).GetProperty("licenceCount").GetInt32() == 2, "two licences");
        Assert.Equal("Public", await api.Status(id));
        await Eventually(() => Task.FromResult(_heard.OfType<ListingLicensed>().Count(l => l.ListingId == id) == 2), "two ListingLicensed");
    }

    [Fact]
    public async Task A_deal_for_the_wrong_kind_or_from_the_owner_itself_is_refused()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent]));
        await api.Bus.Publish(Deal("deal-kind", id, Crrc, DealKind.ExclusiveLicence));
        await api.Bus.Publish(Deal("deal-self", id, Tju));
        await Eventually(() => Task.FromResult(_heard.OfType<DealRefused>().Count(r => r.ListingId == id) == 2), "two refusals");
        Assert.Contains("offers Assignment", _heard.OfType<DealRefused>().Single(r => r.DealId == "deal-kind").Reason, StringComparison.Ordinal);
        Assert.Contains("cannot buy its own", _heard.OfType<DealRefused>().Single(r => r.DealId == "deal-self").Reason, StringComparison.Ordinal);
        Assert.Equal("Public", await api.Status(id));
    }

    [Fact]
    public async Task A_cancellation_that_overtakes_its_deal_releases_the_reservation_as_the_deal_makes_it()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent]));

        await api.Bus.Publish(new ContractCancelled("agr-early-c", "deal-early-c", id, "甲方撤回", DateTimeOffset.UtcNow));
        await Eventually(async () => (await History(id)).Contains("DealCancelledBeforeReservation"), "the early cancellation to be remembered");
        Assert.Equal("Public", await api.Status(id));

        await api.Bus.Publish(Deal("deal-early-c", id, Crrc));
        await Eventually(() => Task.FromResult(_heard.OfType<ListingReopened>().Any(r => r.DealId == "deal-early-c")), "ListingReopened");
        Assert.Contains(_heard.OfType<ListingReserved>(), r => r.DealId == "deal-early-c");
        Assert.Equal("Public", await api.Status(id));
        Assert.Equal(["ListingDrafted", "ListingSubmitted", "ListingApproved", "DealCancelledBeforeReservation", "ListingReservedForDeal", "ListingReservationReleased"],
            await History(id));
    }

    [Fact]
    public async Task A_completion_that_overtakes_its_deal_sells_the_listing_as_the_deal_reserves_it()
    {
        var patent = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([patent]));

        await api.Bus.Publish(new ContractCompleted("agr-early-s", "deal-early-s", id, "org-tju", "org-crrc", 1_150_000m, DateTimeOffset.UtcNow));
        await Eventually(async () => (await History(id)).Contains("DealCompletedBeforeReservation"), "the early completion to be remembered");

        await api.Bus.Publish(Deal("deal-early-s", id, Crrc));
        await Eventually(async () => await api.Status(id) == "Sold", "the sale");
        await Eventually(() => Task.FromResult(_heard.OfType<ListingSold>().Any(s => s.DealId == "deal-early-s")), "ListingSold");
        Assert.Contains(_heard.OfType<ListingReserved>(), r => r.DealId == "deal-early-s");
        Assert.Equal("org-crrc", (await Body(await api.As(Staff).GetAsync($"/api/patents/{patent}"))).GetProperty("ownerOrganisationId").GetString());
    }

    private async Task<IReadOnlyList<string>> History(string listingId) =>
        (await Body(await api.As(Staff).GetAsync($"/api/listings/{listingId}/history"))).GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("event").GetString()!).ToList();

    private static DealStruck Deal(string dealId, string listingId, IpExchange.ServiceDefaults.Caller buyer, DealKind kind = DealKind.Assignment) =>
        new(dealId, listingId, "org-tju", buyer.OrganisationId, 1_150_000m, kind, TradingMode.Negotiated, PricingMethod.Negotiated,
            "按挂牌条件成交", [new PaymentTerm("首付款", 1_150_000m, new DateOnly(2027, 1, 31))], null, DateTimeOffset.UtcNow);
}
