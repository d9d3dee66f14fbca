using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Listings.Deals;

namespace IpExchange.Listing.Tests;

/// <summary>
/// Deals and agreements may reach a listing in any order and more than once: given the listing's
/// events, when a message arrives, then these events. Pure, no I/O.
/// </summary>
public sealed class DealDecisionsTests
{
    private static readonly ListingTerms Terms = new("轨道交通牵引变流器故障诊断专利转让", null, "适用于地铁牵引系统。", ["201910123456.7"],
        DealKind.Assignment, PricingMethod.Negotiated, TradingMode.Negotiated, 1_200_000m, null, null, null,
        new DateOnly(2026, 12, 1), new DateOnly(2027, 2, 28), null, null, null, []);

    private static readonly object[] PublicListing =
    [
        new ListingDrafted("GP-1", "org-tju", "天津大学", "天津", Terms), new ListingSubmitted("GP-1"), new ListingApproved("GP-1", "u-ex-1"),
    ];

    [Fact]
    public void A_completion_for_a_deal_not_heard_of_yet_is_remembered_and_the_sale_follows_the_reservation()
    {
        var listing = Given(PublicListing);

        var early = DealDecisions.OnContractCompleted(listing, Completed("deal-1"));
        Assert.Equal(new DealCompletedBeforeReservation("GP-1", "deal-1"), early);

        var reserved = DealDecisions.OnDealStruck(Given([.. PublicListing, early!]), Deal("deal-1"), []);
        Assert.Equal(new ListingReservedForDeal("GP-1", "deal-1", "org-crrc", 1_150_000m), reserved);
        Assert.Equal(new ListingSoldToBuyer("GP-1", "deal-1", "org-crrc"), DealDecisions.AfterReservation(Given([.. PublicListing, early!, reserved!])));
    }

    [Fact]
    public void A_cancellation_for_a_deal_not_heard_of_yet_releases_the_reservation_as_it_is_made()
    {
        var early = DealDecisions.OnContractCancelled(Given(PublicListing), Cancelled("deal-1"));
        Assert.Equal(new DealCancelledBeforeReservation("GP-1", "deal-1", "乙方未签署"), early);

        var reserved = DealDecisions.OnDealStruck(Given([.. PublicListing, early!]), Deal("deal-1"), [])!;
        Assert.Equal(new ListingReservationReleased("GP-1", "deal-1", "乙方未签署"), DealDecisions.AfterReservation(Given([.. PublicListing, early!, reserved])));
    }

    [Fact]
    public void Repeated_news_of_an_agreement_changes_nothing_and_a_reservation_without_early_news_stands()
    {
        var reserved = new ListingReservedForDeal("GP-1", "deal-1", "org-crrc", 1_150_000m);
        Assert.Null(DealDecisions.AfterReservation(Given([.. PublicListing, reserved])));

        var sold = Given([.. PublicListing, reserved, new ListingSoldToBuyer("GP-1", "deal-1", "org-crrc")]);
        Assert.Null(DealDecisions.OnContractCompleted(sold, Completed("deal-1")));
        Assert.Null(DealDecisions.OnDealStruck(sold, Deal("deal-1"), []));

        var remembered = Given([.. PublicListing, new DealCancelledBeforeReservation("GP-1", "deal-2", "撤回")]);
        Assert.Null(DealDecisions.OnContractCancelled(remembered, Cancelled("deal-2")));
    }

    [Fact]
    public void News_of_an_agreement_for_a_listing_not_here_is_not_kept()
    {
        Assert.Null(DealDecisions.OnContractCompleted(Listings.Listing.Initial, Completed("deal-1")));
        Assert.Null(DealDecisions.OnContractCancelled(Listings.Listing.Initial, Cancelled("deal-1")));
    }

    [Fact]
    public void A_refusal_names_the_deals_seller_even_when_it_is_not_the_owner()
    {
        var refused = Assert.IsType<DealRefusedForListing>(DealDecisions.OnDealStruck(Given(PublicListing), Deal("deal-1") with { SellerOrganisationId = "org-csu" }, []));
        Assert.Equal("org-csu", refused.SellerOrganisationId);
    }

    [Fact]
    public void Given_an_open_licence_in_force_on_its_patent_an_exclusive_licence_deal_is_refused_and_a_non_exclusive_one_granted()
    {
        var patent = new object[]
        {
            new Patents.PatentRegistered("201910123456.7", "org-tju", "天津大学", "天津", "一种牵引变流器", null, "摘要", null, ["H02M 7/48"], PatentType.Invention,
                new DateOnly(2019, 3, 15), new DateOnly(2021, 8, 20), Patents.LegalStatus.Valid, ["王强"], 10, null, new DateOnly(2039, 3, 15)),
            new Patents.PatentLicenceGranted("open-1", "GP-0", DealKind.OpenLicence, "org-sinoma", new DateOnly(2026, 12, 1), new DateOnly(2028, 11, 30)),
        }.Aggregate(Patents.Patent.Initial, Patents.Patent.Evolve);
        var exclusive = Given([new ListingDrafted("GP-1", "org-tju", "天津大学", "天津", Terms with { DealKind = DealKind.ExclusiveLicence }), .. PublicListing.Skip(1)]);
        var refused = Assert.IsType<DealRefusedForListing>(DealDecisions.OnDealStruck(exclusive, Deal("deal-1") with { DealKind = DealKind.ExclusiveLicence }, [patent]));
        Assert.Contains("carries an open licence until 2028-11-30", refused.Reason, StringComparison.Ordinal);

        var plain = Given([new ListingDrafted("GP-1", "org-tju", "天津大学", "天津", Terms with { DealKind = DealKind.NonExclusiveLicence }), .. PublicListing.Skip(1)]);
        Assert.IsType<ListingLicenceGranted>(DealDecisions.OnDealStruck(plain, Deal("deal-2") with { DealKind = DealKind.NonExclusiveLicence }, [patent]));

        // Once the licence ended, the exclusive deal goes through.
        var ended = Patents.Patent.Evolve(patent, new Patents.PatentLicenceEnded("open-1", LicenceEnded.TermEnded));
        Assert.IsType<ListingReservedForDeal>(DealDecisions.OnDealStruck(exclusive, Deal("deal-3") with { DealKind = DealKind.ExclusiveLicence }, [ended]));
    }

    private static Listings.Listing Given(IEnumerable<object> events) => events.Aggregate(Listings.Listing.Initial, Listings.Listing.Evolve);

    private static DealStruck Deal(string dealId) =>
        new(dealId, "GP-1", "org-tju", "org-crrc", 1_150_000m, DealKind.Assignment, TradingMode.Negotiated, PricingMethod.Negotiated,
            "按挂牌条件成交", [new PaymentTerm("首付款", 1_150_000m, new DateOnly(2027, 1, 31))], null, DateTimeOffset.UtcNow);

    private static ContractCompleted Completed(string dealId) => new("agr-1", dealId, "GP-1", "org-tju", "org-crrc", 1_150_000m, DateTimeOffset.UtcNow);

    private static ContractCancelled Cancelled(string dealId) => new("agr-1", dealId, "GP-1", "乙方未签署", DateTimeOffset.UtcNow);
}
