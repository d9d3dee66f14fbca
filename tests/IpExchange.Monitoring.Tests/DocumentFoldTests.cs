using System.Text.Json;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Monitoring.Pipeline;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>
/// The cockpit's documents as pure folds of the facts: the relay keeps no order and consumers run
/// messages side by side, so every order of the same facts must fold to the same document.
/// </summary>
public sealed class DocumentFolds
{
    private static readonly DateTimeOffset T = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_deals_facts_in_any_order_fold_to_the_same_document()
    {
        var listing = Listing(asking: 900_000m, at: T.AddDays(-1));
        var deal = Deal(listing, price: 880_000m, at: T);
        object[] facts =
        [
            deal, Drafted(deal, T.AddHours(1)), SignedBy(deal, deal.SellerOrganisationId, false, T.AddHours(1.5)), SignedBy(deal, deal.BuyerOrganisationId, true, T.AddHours(2)),
            new AgreementAmended($"A-{deal.DealId}", deal.DealId, "hash-2", 860_000m, T.AddHours(1.2), T.AddDays(9)), Recorded(deal, T.AddHours(3)),
            new DealStuck(deal.DealId, DealStage.Recorded, "登记后未完成交割", T.AddHours(4), T.AddHours(4)),
            Paid(deal, 500_000m, 360_000m, T.AddHours(5)), Paid(deal, 360_000m, 0m, T.AddHours(6)),
            new TransferRegistered($"A-{deal.DealId}", deal.DealId, "N-1", DateOnly.FromDateTime(T.UtcDateTime), T.AddHours(6.5)), Completed(deal, T.AddHours(7), 860_000m),
            // Royalties: year 1 reported, found overdue, then paid in full in two parts; year 2 never reported.
            new RoyaltyReported($"A-{deal.DealId}", deal.DealId, 1, new DateOnly(2026, 3, 2), new DateOnly(2027, 3, 1), 1_000_000m, 30_000.05m, new DateOnly(2027, 3, 31), T.AddDays(370)),
            new RoyaltyOverdue($"A-{deal.DealId}", deal.DealId, deal.BuyerOrganisationId, 1, 30_000.05m, new DateOnly(2027, 3, 31), T.AddDays(395)),
            RoyaltyPaid(deal, 1, 20_000m, 10_000.05m, T.AddDays(396)), RoyaltyPaid(deal, 1, 10_000.05m, 0m, T.AddDays(397)),
            new RoyaltyOverdue($"A-{deal.DealId}", deal.DealId, deal.BuyerOrganisationId, 2, null, new DateOnly(2028, 3, 31), T.AddDays(760)),
        ];

        var documents = Orders(facts).Select(order => Json(order.Aggregate(DealView.Start($"deal-{deal.DealId}"), DealView.Evolve))).Distinct().ToList();

        var view = facts.Aggregate(DealView.Start($"deal-{deal.DealId}"), DealView.Evolve);
        Assert.Single(documents);
        Assert.Equal(DealStage.Completed, view.Stage);
        Assert.Equal(860_000m, view.Price);
        Assert.Equal(860_000m, view.PaidAmount);
        Assert.Equal(0m, view.Outstanding);
        Assert.Equal(T.AddDays(9), view.SigningDeadline);
        Assert.False(view.Stuck);
        Assert.Equal([DealStage.Struck, DealStage.Drafted, DealStage.SignedByBoth, DealStage.Recorded, DealStage.Paying, DealStage.Completed], view.Stages.Select(s => s.Stage));
        Assert.Equal(30_000.05m, view.RoyaltyPaid);
        Assert.Equal(0m, view.RoyaltyOutstanding);
        Assert.Equal([2], view.OverdueRoyaltyPeriods);
        Assert.Equal([1d, 1d, 1d, 2d, 2d], view.Stages.Where(s => s.LeftAt is not null).Select(s => (s.LeftAt!.Value - s.EnteredAt).TotalHours));
    }

    [Fact]
    public void Facts_heard_before_DealStruck_wait_in_the_document_and_count_once_the_deal_is_known()
    {
        var deal = Deal(Listing(), at: T);
        var early = new object[] { Recorded(deal, T.AddHours(3)), SignedBy(deal, deal.BuyerOrganisationId, true, T.AddHours(2)) }
            .Aggregate(DealView.Start($"deal-{deal.DealId}"), DealView.Evolve);
        Assert.False(early.Identified);
        Assert.Null(early.Stage);
        Assert.Null(early.CountedAt);
        Assert.Empty(early.Stages);

        var known = DealView.Evolve(early, deal);
        Assert.Equal(DealStage.Recorded, known.Stage);
        Assert.Equal(T, known.CountedAt);
        Assert.Equal([DealStage.Struck, DealStage.SignedByBoth, DealStage.Recorded], known.Stages.Select(s => s.Stage));
    }

    [Fact]
    public void The_first_ending_by_time_wins_and_a_stage_reached_after_it_never_counts()
    {
        var deal = Deal(Listing(), at: T);
        object[] facts = [deal, Drafted(deal, T.AddHours(1)), Cancelled(deal, T.AddHours(3)), SignedBy(deal, deal.BuyerOrganisationId, true, T.AddHours(4)), Completed(deal, T.AddHours(5))];

        foreach (var order in Orders(facts))
        {
            var view = order.Aggregate(DealView.Start($"deal-{deal.DealId}"), DealView.Evolve);
            Assert.Equal(DealStage.Cancelled, view.Stage);
            Assert.Equal([DealStage.Struck, DealStage.Drafted, DealStage.Cancelled], view.Stages.Select(s => s.Stage));
        }
    }

    [Fact]
    public void A_listings_facts_in_any_order_fold_to_the_same_document_and_a_publication_heard_before_its_submission_leaves_it_approved()
    {
        var listing = Listing(asking: 640_000m, at: T);
        object[] facts =
        [
            new ListingSubmitted(listing.ListingId, listing.OwnerOrganisationId, listing.OwnerOrganisationName, listing.Region, listing.Title, listing.DealKind, 600_000m, ["B61L 27/00"], T.AddDays(-3)),
            new ListingRejected(listing.ListingId, listing.OwnerOrganisationId, ["评估报告缺失"], T.AddDays(-2)),
            new ListingSubmitted(listing.ListingId, listing.OwnerOrganisationId, listing.OwnerOrganisationName, listing.Region, listing.Title, listing.DealKind, 640_000m, ["B61L 27/00"], T.AddDays(-1)),
            listing, new ListingReserved(listing.ListingId, "D-1", "org-xtrail", T.AddHours(1)), new ListingReopened(listing.ListingId, "D-1", "合同取消", T.AddHours(2)),
            new ListingLicensed(listing.ListingId, "D-2", "org-ljtool", 1, T.AddHours(3)), new ListingReserved(listing.ListingId, "D-3", "org-xtsemi", T.AddHours(4)),
        ];

        var documents = Orders(facts).Select(order => Json(order.Aggregate(ListingView.Start($"listing-{listing.ListingId}"), (v, f) => ListingView.Evolve(v, f)))).Distinct().ToList();

        var view = facts.Reverse().Aggregate(ListingView.Start($"listing-{listing.ListingId}"), (v, f) => ListingView.Evolve(v, f));
        Assert.Single(documents);
        Assert.Equal(ListingView.Approved, view.ReviewStage);
        Assert.Equal(1, view.Rejections);
        Assert.Equal(640_000m, view.ReviewAskingPrice);
        Assert.Equal(ListingStage.Reserved, view.Stage);
        Assert.Equal(T.AddHours(4), view.StageSince);
        Assert.Equal(1, view.LicenceCount);
    }

    [Fact]
    public void A_listing_withdrawn_during_review_counts_as_withdrawn_in_any_order_and_a_resubmission_after_an_edit_is_in_review_again()
    {
        var listing = Listing(asking: 300_000m, at: T);
        var submitted = new ListingSubmitted(listing.ListingId, listing.OwnerOrganisationId, listing.OwnerOrganisationName, listing.Region, listing.Title, listing.DealKind,
            300_000m, ["B61L 27/00"], T.AddDays(-3));
        object[] withdrawn = [submitted, new ListingLeftReview(listing.ListingId, listing.OwnerOrganisationId, ReviewExit.Withdrawn, T.AddDays(-2))];

        var views = Orders(withdrawn).Select(order => order.Aggregate(ListingView.Start($"listing-{listing.ListingId}"), (v, f) => ListingView.Evolve(v, f))).ToList();

        Assert.All(views, v => Assert.Equal(ListingStage.Withdrawn, v.Status));
        Assert.All(views, v => Assert.Null(v.ReviewStage));
        Assert.All(views, v => Assert.Equal(T.AddDays(-3), v.CountedAt));

        object[] editedAndResubmitted =
        [
            submitted, new ListingRejected(listing.ListingId, listing.OwnerOrganisationId, ["评估报告缺失"], T.AddDays(-2)),
            new ListingLeftReview(listing.ListingId, listing.OwnerOrganisationId, ReviewExit.ReturnedToDraft, T.AddDays(-1)),
        ];
        var draft = editedAndResubmitted.Reverse().Aggregate(ListingView.Start($"listing-{listing.ListingId}"), (v, f) => ListingView.Evolve(v, f));
        Assert.Null(draft.Status); // a draft again: the Listing service does not count it as in review, nor does the cockpit

        var again = submitted with { SubmittedAt = T.AddHours(-1) };
        var resubmitted = Orders([.. editedAndResubmitted, again]).Select(order => order.Aggregate(ListingView.Start($"listing-{listing.ListingId}"), (v, f) => ListingView.Evolve(v, f))).ToList();
        Assert.All(resubmitted, v => Assert.Equal(ListingStage.Submitted, v.Status));

        var published = Orders([.. editedAndResubmitted, again, listing]).Select(order => order.Aggregate(ListingView.Start($"listing-{listing.ListingId}"), (v, f) => ListingView.Evolve(v, f))).ToList();
        Assert.All(published, v => Assert.Equal(ListingStage.Public, v.Status));
    }

    /// <summary>Each rotation of the facts and of their reverse: every fact heard first and last, before and after each other.</summary>
    private static IEnumerable<object[]> Orders(object[] facts) =>
        new[] { facts, facts.Reverse().ToArray() }.SelectMany(o => Enumerable.Range(0, o.Length).Select(i => o.Skip(i).Concat(o.Take(i)).ToArray()));

    private static string Json<T>(T document) => JsonSerializer.Serialize(document, StoreJson.Options);
}
