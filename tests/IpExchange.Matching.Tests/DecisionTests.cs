using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Matching.Auctions;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Competitions;
using IpExchange.Matching.Negotiations;
using IpExchange.Matching.Offers;
using IpExchange.ServiceDefaults;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>
/// The Matching deciders alone, without I/O: given the stream's events, when a command comes, then
/// these events, or this refusal. Time is a value passed in, never the clock.
/// </summary>
public sealed class AuctionDecisionTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddHours(1);

    private static readonly AuctionedListing Listing = new("L-1", "牵引变流器控制专利", Uni.OrganisationId, "Public", DealKind.Assignment, PricingMethod.Auction, 800_000m, 600_000m);

    private static Auction Given(params object[] events) => events.Aggregate(Auction.Initial, Auction.Evolve);

    private static AuctionScheduled Scheduled(decimal deposit = 50_000m) => new("PM-1", "L-1", "牵引变流器控制专利", Uni.OrganisationId, DealKind.Assignment,
        PricingMethod.Auction, Start, End, new AuctionRules(500_000m, 600_000m, 10_000m, deposit, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)), Staff.UserId);

    private static BidderRegistered Registered(Caller bidder) => new(bidder.OrganisationId, bidder.OrganisationName, bidder.Group, "BZJ-1", 50_000m);

    private static ScheduleAuctionRequest Request(DateTimeOffset starts, DateTimeOffset ends) => new("L-1", starts, ends, 500_000m, 10_000m, 50_000m, 300, 300);

    private static T Refused<T>(Action when) where T : Exception => Assert.Throws<T>(when);

    [Fact]
    public void Given_a_public_auction_listing_when_staff_schedule_it_then_it_is_scheduled_with_the_listings_reserve()
    {
        var scheduled = AuctionDecisions.Schedule("PM-1", Request(Start, End), Listing, Staff, Start.AddMinutes(-10));

        Assert.Equal(600_000m, scheduled.Rules.ReservePrice);
        Assert.Equal(Start, scheduled.StartsAt);
        Assert.Equal(AuctionStatus.Scheduled, Given(scheduled).Status);
    }

    [Fact]
    public void Given_a_listing_when_an_auction_is_scheduled_to_start_in_the_past_then_the_start_is_refused()
    {
        var now = Start.AddHours(3);

        var refused = Refused<ValidationFailedException>(() => AuctionDecisions.Schedule("PM-1", Request(Start, now.AddHours(1)), Listing, Staff, now));

        var problem = Assert.Single(refused.Problems["startsAt"]);
        Assert.Equal(FieldCodes.DateInPast, problem.Code);
        Assert.Equal(now - AuctionDecisions.StartGrace, problem.Parameters!["min"]);
    }

    [Fact]
    public void Given_a_listing_when_an_auction_starts_a_moment_ago_by_the_schedulers_clock_then_it_is_accepted()
    {
        var now = Start.AddSeconds(20);

        Assert.Equal(Start, AuctionDecisions.Schedule("PM-1", Request(Start, End), Listing, Staff, now).StartsAt);
    }

    [Fact]
    public void Given_a_scheduled_auction_when_its_start_comes_then_it_is_running_and_not_before()
    {
        var auction = Given(Scheduled());

        Assert.Empty(AuctionDecisions.Start(auction, Start.AddSeconds(-1)));
        var started = Assert.IsType<AuctionStarted>(Assert.Single(AuctionDecisions.Start(auction, Start)));
        Assert.Equal(AuctionStatus.Running, Given(Scheduled(), started).Status);
        Assert.Empty(AuctionDecisions.Start(Given(Scheduled(), started), Start.AddMinutes(1)));
    }

    [Fact]
    public void Given_a_running_auction_with_a_bid_when_a_bid_below_the_increment_comes_then_it_is_refused_with_the_minimum()
    {
        var auction = Given(Scheduled(), new AuctionStarted(Start), Registered(Rail), Registered(Tools),
            new BidPlaced("b1", Rail.OrganisationId, 500_000m, Start.AddMinutes(1), End));

        var refused = Refused<DomainRuleViolationException>(() => AuctionDecisions.Bid(auction, new BidRequest(505_000m), Tools, Start.AddMinutes(2), "b2"));

        Assert.Equal("bid.below-increment", refused.Rule);
        Assert.Equal(510_000m, Assert.Single(refused.Problems["amount"]).Parameters!["minimum"]);
    }

    [Fact]
    public void Given_a_running_auction_when_a_bid_comes_in_the_soft_close_window_then_the_end_moves()
    {
        var auction = Given(Scheduled(), new AuctionStarted(Start), Registered(Rail));

        var bid = AuctionDecisions.Bid(auction, new BidRequest(500_000m), Rail, End.AddMinutes(-2), "b1");

        Assert.Equal(End.AddMinutes(5), bid.EndsAt);
    }

    [Fact]
    public void Given_a_scheduled_auction_when_a_bid_comes_before_the_start_then_it_is_refused()
    {
        var auction = Given(Scheduled(), Registered(Rail));

        Assert.Equal("auction.not-started",
            Refused<DomainRuleViolationException>(() => AuctionDecisions.Bid(auction, new BidRequest(500_000m), Rail, Start.AddSeconds(-1), "b1")).Rule);
    }

    [Fact]
    public void Given_the_seller_when_it_registers_then_it_is_refused()
    {
        var auction = Given(Scheduled());

        Assert.Equal("auction.seller-cannot-bid",
            Refused<DomainRuleViolationException>(() => AuctionDecisions.Register(auction, new RegisterRequest("BZJ"), Uni with { Role = Roles.Enterprise }, Start)).Rule);
    }

    [Fact]
    public void Given_bids_above_the_reserve_when_the_end_passes_then_the_highest_wins_and_the_others_deposits_are_released()
    {
        var auction = Given(Scheduled(), new AuctionStarted(Start), Registered(Rail), Registered(Tools),
            new BidPlaced("b1", Rail.OrganisationId, 600_000m, Start.AddMinutes(1), End),
            new BidPlaced("b2", Tools.OrganisationId, 610_000m, Start.AddMinutes(2), End));

        Assert.Empty(AuctionDecisions.Close(auction, End.AddSeconds(-1)));
        var events = AuctionDecisions.Close(auction, End);

        var closed = Assert.IsType<AuctionClosed>(events[0]);
        Assert.Equal((Auction.Won, Tools.OrganisationId, 610_000m), (closed.Outcome, closed.WinnerOrganisationId, closed.Price));
        Assert.Equal(Rail.OrganisationId, Assert.IsType<DepositReleased>(Assert.Single(events.Skip(1))).OrganisationId);
    }

    [Fact]
    public void Given_bids_below_the_reserve_when_the_end_passes_then_nobody_wins()
    {
        var auction = Given(Scheduled(), Registered(Rail), new BidPlaced("b1", Rail.OrganisationId, 550_000m, Start.AddMinutes(1), End));

        Assert.Equal(Auction.BelowReserve, Assert.IsType<AuctionClosed>(AuctionDecisions.Close(auction, End)[0]).Outcome);
    }
}

public sealed class NegotiationDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static CatalogueEntry Listing(TradingMode mode = TradingMode.Negotiated, PricingMethod pricing = PricingMethod.Negotiated, string? directedTo = null) => new()
    {
        Id = "L-1", ListingId = "L-1", Title = "硬质合金涂层专利", SellerOrganisationId = Uni.OrganisationId, SellerOrganisationName = Uni.OrganisationName,
        DealKind = DealKind.Assignment, PricingMethod = pricing, TradingMode = mode, AskingPrice = 800_000m, DirectedTo = directedTo,
        Status = CatalogueEntry.Public, PublishedAt = Now.AddDays(-1), ListedUntil = Now.AddDays(60),
    };

    private static Negotiation Given(params object[] events) => events.Aggregate(Negotiation.Initial, Negotiation.Evolve);

    private static NegotiationOpened Opened() =>
        NegotiationDecisions.Open("NG-1", new OpenNegotiationRequest("L-1", 700_000m, null, "一次付清", Now.AddDays(2)), Listing(), Rail, Now);

    [Fact]
    public void Given_a_negotiable_listing_when_an_enterprise_opens_then_the_seller_answers_next()
    {
        var opened = Opened();

        var negotiation = Given(opened);
        Assert.Equal(NegotiationStatus.Open, negotiation.Status);
        Assert.Equal(Side.Seller, negotiation.Turn);
        Assert.Equal(700_000m, negotiation.Current.Price);
    }

    [Fact]
    public void Given_an_open_negotiation_when_the_buyer_answers_its_own_offer_then_it_is_not_its_turn()
    {
        var negotiation = Given(Opened());

        Assert.Equal("offer.not-your-turn",
            Assert.Throws<DomainRuleViolationException>(() => NegotiationDecisions.Counter(negotiation, new CounterOfferRequest(720_000m, null, null, null), Rail, Now.AddHours(1))).Rule);
    }

    [Fact]
    public void Given_an_offer_that_expired_when_the_seller_accepts_it_then_it_has_lapsed_even_before_the_timer()
    {
        var negotiation = Given(Opened());

        Assert.Equal("offer.lapsed", Assert.Throws<DomainRuleViolationException>(() => NegotiationDecisions.Accept(negotiation, Uni, Now.AddDays(3), "DEAL-1")).Rule);
        Assert.NotNull(NegotiationDecisions.Lapse(negotiation, Now.AddDays(2)));
        Assert.Null(NegotiationDecisions.Lapse(negotiation, Now.AddDays(2).AddSeconds(-1)));
    }

    [Fact]
    public void Given_a_counter_offer_when_the_buyer_accepts_it_then_the_deal_is_struck_at_its_price()
    {
        var countered = NegotiationDecisions.Counter(Given(Opened()), new CounterOfferRequest(750_000m, null, "可分期", Now.AddDays(3)), Uni, Now.AddHours(1));
        var negotiation = Given(Opened(), countered);

        var accepted = NegotiationDecisions.Accept(negotiation, Rail, Now.AddHours(2), "DEAL-1");
        var deal = NegotiationDecisions.Deal(Given(Opened(), countered, accepted), accepted);

        Assert.Equal(750_000m, deal.Price);
        Assert.Equal(Rail.OrganisationId, deal.BuyerOrganisationId);
        Assert.Equal(750_000m, Assert.Single(deal.PaymentSchedule).Amount);
    }

    [Fact]
    public void Given_a_directed_listing_priced_by_negotiation_when_the_named_buyer_takes_it_at_its_price_then_it_is_refused()
    {
        var directed = Listing(TradingMode.Directed, PricingMethod.Negotiated, directedTo: Rail.OrganisationId);

        var refused = Assert.Throws<DomainRuleViolationException>(() => AcceptAtListedPrice.Decide(directed, Rail, "DEAL-1", Now));

        Assert.Equal("offer.not-at-listed-price", refused.Rule);
        Assert.True(NegotiationDecisions.IsNegotiable(directed));
    }

    [Fact]
    public void Given_a_directed_listing_priced_by_appraisal_when_the_named_buyer_takes_it_then_the_deal_is_struck_at_the_asking_price()
    {
        var accepted = AcceptAtListedPrice.Decide(Listing(TradingMode.Directed, PricingMethod.Appraisal, directedTo: Rail.OrganisationId), Rail, "DEAL-1", Now);

        Assert.Equal(800_000m, accepted.Deal().Price);
    }

    [Fact]
    public void Given_milestones_that_do_not_add_up_when_an_offer_is_made_then_the_schedule_is_refused_with_the_sum()
    {
        var request = new OpenNegotiationRequest("L-1", 700_000m, [new MilestoneRequest("首付", 100_000m, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(10))], null, null);

        var refused = Assert.Throws<ValidationFailedException>(() => NegotiationDecisions.Open("NG-1", request, Listing(), Rail, Now));

        var problem = Assert.Single(refused.Problems["schedule"]);
        Assert.Equal("offer.schedule-sum", problem.Code);
        Assert.Equal(100_000m, problem.Parameters!["sum"]);
    }
}

public sealed class CompetitionDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = Now.AddDays(2);

    private static readonly CatalogueEntry Listing = new()
    {
        Id = "L-1", ListingId = "L-1", Title = "刀具涂层专利", SellerOrganisationId = Uni.OrganisationId, SellerOrganisationName = Uni.OrganisationName,
        DealKind = DealKind.Assignment, PricingMethod = PricingMethod.CompetitiveNegotiation, TradingMode = TradingMode.Negotiated, AskingPrice = 800_000m,
        Status = CatalogueEntry.Public, PublishedAt = Now.AddDays(-1), ListedUntil = Now.AddDays(60),
    };

    private static Competition Given(params object[] events) => events.Aggregate(Competition.Initial, Competition.Evolve);

    private static CompetitionOpened Opened() => CompetitionDecisions.Open("JT-1", new OpenCompetitionRequest("L-1", Deadline, 500_000m), Listing, Uni, Now);

    private static SealedOfferSubmitted Offer(Caller bidder, decimal price) =>
        CompetitionDecisions.Submit(Given(Opened()), new SealedOfferRequest(price, null, null), Listing, bidder, Now.AddHours(1));

    [Fact]
    public void Given_an_open_round_when_offers_come_then_the_seller_sees_neither_them_nor_how_many_not_even_in_the_version()
    {
        var empty = Given(Opened());
        var two = Given(Opened(), Offer(Rail, 600_000m), Offer(Tools, 650_000m));
        long StreamVersion(Competition c) => c.PublicEvents + c.OfferEvents.Values.Sum();

        var seller = CompetitionView.From(two, StreamVersion(two), Uni, Now.AddHours(2));

        Assert.Empty(seller.Offers);
        Assert.Null(seller.OfferCount);
        Assert.Equal(CompetitionView.From(empty, StreamVersion(empty), Uni, Now.AddHours(2)).Version, seller.Version);
        Assert.Equal(3, CompetitionView.From(two, StreamVersion(two), Staff, Now.AddHours(2)).Version);
        // A bidder's version counts its own offer only.
        Assert.Equal(2, CompetitionView.VersionSeen(two, StreamVersion(two), Rail, Now.AddHours(2)));
    }

    [Fact]
    public void Given_an_open_round_when_the_deadline_passes_then_the_seller_sees_every_offer_and_the_whole_version()
    {
        var two = Given(Opened(), Offer(Rail, 600_000m), Offer(Tools, 650_000m));

        var seller = CompetitionView.From(two, 3, Uni, Deadline);

        Assert.Equal(2, seller.Offers.Count);
        Assert.Equal(3, seller.Version);
    }

    [Fact]
    public void Given_an_open_round_when_the_sellers_own_organisation_offers_then_it_is_refused()
    {
        var sellerAsEnterprise = Uni with { Role = Roles.Enterprise };

        Assert.Equal("offer.own-listing",
            Assert.Throws<DomainRuleViolationException>(() => CompetitionDecisions.Submit(Given(Opened()), new SealedOfferRequest(600_000m, null, null), Listing, sellerAsEnterprise, Now)).Rule);
    }

    [Fact]
    public void Given_an_open_round_when_an_offer_below_the_minimum_comes_then_it_is_refused_with_the_minimum()
    {
        var refused = Assert.Throws<DomainRuleViolationException>(() => Offer(Rail, 400_000m));

        Assert.Equal("competition.below-minimum", refused.Rule);
        Assert.Equal(500_000m, Assert.Single(refused.Problems["price"]).Parameters!["minimum"]);
    }

    [Fact]
    public void Given_offers_when_the_seller_awards_before_the_deadline_then_it_is_refused_and_after_it_the_deal_is_struck_at_the_chosen_offer()
    {
        var round = Given(Opened(), Offer(Rail, 600_000m), Offer(Tools, 650_000m));

        Assert.Equal("competition.still-open",
            Assert.Throws<DomainRuleViolationException>(() => CompetitionDecisions.Award(round, new AwardRequest(Rail.OrganisationId), Uni, Now.AddDays(1), "DEAL-1")).Rule);

        var events = CompetitionDecisions.Award(round, new AwardRequest(Rail.OrganisationId), Uni, Deadline, "DEAL-1");
        Assert.IsType<SubmissionsClosed>(events[0]);
        var awarded = Assert.IsType<CompetitionAwarded>(events[1]);
        var deal = CompetitionDecisions.Deal(round, awarded);
        Assert.Equal((Rail.OrganisationId, 600_000m), (deal.BuyerOrganisationId, deal.Price));
    }

    [Fact]
    public void Given_no_offers_when_the_deadline_passes_then_the_round_ends()
    {
        var events = CompetitionDecisions.Close(Given(Opened()), Deadline);

        Assert.IsType<SubmissionsClosed>(events[0]);
        Assert.IsType<CompetitionEnded>(events[1]);
        Assert.Equal(CompetitionStatus.Ended, Given([Opened(), .. events]).Status);
    }
}
