using System.Globalization;

namespace IpExchange.DemoTrades;

/// <summary>What a run made; <see cref="Skipped"/> when the demo users were already trading.</summary>
public sealed record TradesMade(bool Skipped, int Deals, int Completed, int Negotiations, int Demands);

/// <summary>
/// The demo's trades, made the way users make them: through the gateway's public API, signed in
/// with the demo logins of the Identity service's seed. Enterprises post demands; on the demo
/// universities' public listings buyers make offers and sellers counter or accept (协议交易), an
/// enterprise takes a listing at its price (挂牌转让) and an open licence (开放许可), the exchange runs an
/// auction that closes with a winner; the agreements the Contract service drafts are then signed,
/// recorded, registered and paid as far as each deal's story goes. So the listings' reservations
/// and sales come from real deals, and Listing, Matching, Contract and Monitoring hold the same
/// facts. Some deals end completed, some wait for a signature, a recording or a payment, some
/// negotiations wait for an answer: every desk (工作台) has to-dos. Each step waits for its effect in
/// the service that acts on it (polled with a deadline). Idempotent: nothing is added once a demo
/// university has a deal or a negotiation (nor demands for an enterprise that has some).
/// </summary>
public sealed class DemoTrader(Uri gateway, TextWriter log)
{
    public static readonly string[] Universities = ["swrtu", "xjhm"];
    public static readonly string[] Enterprises = ["xt-rail", "xt-semi", "lj-tool"];
    public const string Exchange = "exchange";

    /// <summary>
    /// Where each negotiation's story stops, in the order the negotiable listings are taken
    /// (assignments first: only an assignment completes by the steps here, a licence also waits for
    /// its filing, so a licence's "completed" stops at paying). The demo universities have few such
    /// listings, so the stories that leave a to-do on a desk come first.
    /// </summary>
    private static readonly Story[] NegotiatedStories =
    [
        Story.Completed, Story.BuyerToAnswer, Story.SellerToAnswer, Story.Paying, Story.SellerSigned, Story.Drafted, Story.Completed,
    ];

    /// <summary>Where each deal on a listing taken at its price (挂牌转让) stops, in turn.</summary>
    private static readonly Story[] TransferStories = [Story.Paying, Story.Completed, Story.SellerSigned, Story.SignedByBoth, Story.Drafted];

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a step's effect may take to reach the service that shows it.</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the demo's auction runs: its registrations and six bids, sent one after the other, must land before the end on a busy machine.</summary>
    public TimeSpan AuctionLength { get; init; } = TimeSpan.FromSeconds(10);

    private enum Story
    {
        SellerToAnswer, // the buyer's offer waits for the seller (待我还价, seller)
        BuyerToAnswer,  // the seller's counter-offer waits for the buyer (待我还价, buyer)
        Drafted,        // the agreement waits for both signatures (待我签署)
        SellerSigned,   // the buyer's signature is missing (待我签署, buyer)
        SignedByBoth,   // the exchange has to record it (合同登记)
        Paying,         // recorded, part of the price paid (待付款)
        Completed,      // registered and paid: the listing is sold
    }

    public async Task<TradesMade> Run(CancellationToken cancellationToken)
    {
        using var api = new ExchangeApi(gateway);
        foreach (var user in Universities.Concat(Enterprises).Append(Exchange))
        {
            await api.SignIn(user, cancellationToken);
        }

        var demands = await PostDemands(api, cancellationToken);
        foreach (var university in Universities)
        {
            var deals = await api.Get<Page<Deal>>(university, "/api/deals?pageSize=1", cancellationToken);
            var negotiations = await api.Get<List<NegotiationItem>>(university, "/api/offers/negotiations?pageSize=1", cancellationToken);
            if (deals.Total > 0 || negotiations.Count > 0)
            {
                return new TradesMade(true, 0, 0, 0, demands);
            }
        }

        var own = new List<ListingItem>();
        foreach (var university in Universities)
        {
            own.AddRange((await api.Get<Page<ListingItem>>(university, "/api/listings?owner=mine&status=Public&sort=Newest&pageSize=100", cancellationToken)).Items);
        }

        own = own.OrderBy(l => l.Id, StringComparer.Ordinal).ToList();
        var (made, completed, open) = (0, 0, 0);
        var negotiable = own
            .Where(l => l.TradingMode == "Negotiated" && Signable(l) && l.PricingMethod is "Negotiated" or "Appraisal" or "BigDataValuation")
            .OrderBy(l => l.DealKind == "Assignment" ? 0 : 1)
            .ThenBy(l => l.Id, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < Math.Min(negotiable.Count, NegotiatedStories.Length); i++)
        {
            var (listing, buyer) = (negotiable[i], Enterprises[i % Enterprises.Length]);
            var story = Completable(listing, NegotiatedStories[i]);
            var dealId = await Negotiate(api, listing, Seller(api, listing), buyer, story, cancellationToken);
            if (dealId is null)
            {
                open++;
                continue;
            }

            made++;
            completed += await Contract(api, listing, dealId, Seller(api, listing), buyer, story, cancellationToken) ? 1 : 0;
        }

        // 挂牌转让: enterprises take listings at their price.
        var transfers = own
            .Where(l => l.TradingMode == "ListingTransfer" && l.DealKind != "OpenLicence" && Signable(l))
            .OrderBy(l => l.DealKind == "Assignment" ? 0 : 1)
            .ThenBy(l => l.Id, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < Math.Min(transfers.Count, TransferStories.Length); i++)
        {
            var (listing, buyer) = (transfers[i], Enterprises[(i + 1) % Enterprises.Length]);
            await InCatalogue(api, listing.Id, cancellationToken);
            var dealId = (await api.Post<Accepted>(buyer, "/api/offers/accept", new AcceptRequest(listing.Id), cancellationToken)).DealId;
            made++;
            completed += await Contract(api, listing, dealId, Seller(api, listing), buyer, Completable(listing, TransferStories[i]), cancellationToken) ? 1 : 0;
        }

        // 开放许可: licences taken at the published fee by two enterprises; one agreement waits for
        // signatures, the other, signed by both, for the exchange to record it.
        if (own.FirstOrDefault(l => l.TradingMode == "ListingTransfer" && l.DealKind == "OpenLicence") is { } licence)
        {
            await InCatalogue(api, licence.Id, cancellationToken);
            foreach (var (licensee, story) in new[] { (Enterprises[2], Story.Drafted), (Enterprises[0], Story.SignedByBoth) })
            {
                var dealId = (await api.Post<Accepted>(licensee, "/api/offers/accept", new AcceptRequest(licence.Id), cancellationToken)).DealId;
                made++;
                await Contract(api, licence, dealId, Seller(api, licence), licensee, story, cancellationToken);
            }
        }

        made += await Auction(api, cancellationToken);
        return new TradesMade(false, made, completed, open, demands);
    }

    /// <summary>Each demo enterprise posts what it is looking for (技术需求), unless it already has demands.</summary>
    private static async Task<int> PostDemands(ExchangeApi api, CancellationToken cancellationToken)
    {
        var deadline = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(180); // the exchange's calendar is Beijing time
        var wanted = new Dictionary<string, DemandRequest[]>(StringComparer.Ordinal)
        {
            ["xt-rail"] =
            [
                new("城轨车辆牵引变流器故障诊断技术", "我司生产地铁与市域列车牵引系统，寻求牵引变流器功率器件开路故障在线诊断与定位技术，可转让或独占许可，要求已授权发明专利。",
                    ["H02M", "B61C"], 300_000m, 1_500_000m, ["Assignment", "ExclusiveLicence"], "湖南", deadline),
                new("轨道车辆转向架轻量化与减振技术", "面向新一代城际动车组，寻求转向架构架轻量化设计及减振降噪相关专利，接受专利组合。",
                    ["B61F"], 500_000m, 3_000_000m, ["Assignment", "ExclusiveLicence", "SoleLicence"], "湖南", deadline),
            ],
            ["xt-semi"] =
            [
                new("碳化硅功率模块封装与散热技术", "寻求碳化硅功率模块低感封装、双面散热及可靠性提升技术，用于轨道交通与新能源汽车变流器。",
                    ["H01L"], 500_000m, 3_000_000m, ["Assignment", "NonExclusiveLicence"], "湖南", deadline),
            ],
            ["lj-tool"] =
            [
                new("硬质合金刀具涂层及其制备方法", "寻求高速切削用硬质合金刀具的纳米多层涂层及制备工艺，提升刀具寿命，可转让或独占许可。",
                    ["C23C", "B23B"], 200_000m, 1_000_000m, ["Assignment", "ExclusiveLicence", "SoleLicence"], "湖南", deadline),
            ],
        };
        var posted = 0;
        foreach (var (enterprise, demands) in wanted)
        {
            if ((await api.Get<Page<Created>>(enterprise, "/api/demands?pageSize=1", cancellationToken)).Total > 0)
            {
                continue;
            }

            foreach (var demand in demands)
            {
                await api.Post<Created>(enterprise, "/api/demands", demand, cancellationToken);
                posted++;
            }
        }

        return posted;
    }

    /// <summary>
    /// 协议交易: the buyer offers below the asking price; the seller accepts, or counters and the buyer
    /// accepts; the negotiations of the last stories are left waiting for an answer. Returns the
    /// deal struck, or null for a negotiation left open.
    /// </summary>
    private async Task<string?> Negotiate(ExchangeApi api, ListingItem listing, string seller, string buyer, Story story, CancellationToken cancellationToken)
    {
        await InCatalogue(api, listing.Id, cancellationToken);
        var offer = Thousands(listing.AskingPrice * (story == Story.BuyerToAnswer ? 0.8m : 0.9m));
        var negotiation = await api.Post<Negotiation>(buyer, "/api/offers/negotiations",
            new OpenNegotiationRequest(listing.Id, offer, "我方有意受让，报价如上，可就付款安排进一步协商。"), cancellationToken);
        if (story == Story.SellerToAnswer)
        {
            return null;
        }

        var path = $"/api/offers/negotiations/{negotiation.Id}";
        var acceptedBy = seller;
        if (story is Story.BuyerToAnswer or Story.Completed)
        {
            var counter = Thousands(listing.AskingPrice * 0.95m);
            await api.Post<Negotiation>(seller, $"{path}/counter-offers", new CounterOfferRequest(counter, "考虑到贵方的产业化能力，我方可让价至此。"), cancellationToken);
            if (story == Story.BuyerToAnswer)
            {
                return null;
            }

            acceptedBy = buyer;
        }

        var accepted = await api.Post<Negotiation>(acceptedBy, $"{path}/acceptance", null, cancellationToken);
        return accepted.DealId ?? throw new TradeStepFailedException($"Negotiation {negotiation.Id} accepted without a deal: {accepted}");
    }

    /// <summary>The agreement the Contract service drafts from the deal, taken as far as the story goes. True when it completed.</summary>
    private async Task<bool> Contract(ExchangeApi api, ListingItem listing, string dealId, string seller, string buyer, Story story, CancellationToken cancellationToken)
    {
        var exclusive = listing.DealKind is "Assignment" or "ExclusiveLicence" or "SoleLicence" or "EquityContribution";
        var path = $"/api/agreements/AG-{dealId}";
        var agreement = await Until(() => api.Find<Agreement>(buyer, path, cancellationToken), $"agreement AG-{dealId} drafted", cancellationToken);
        // An exclusive deal reserves its listing: the Listing service has heard of it before the contract moves on.
        if (exclusive)
        {
            await Until(async () => (await api.Get<ListingItem>(Exchange, $"/api/listings/{listing.Id}", cancellationToken)).Status == "Reserved",
                $"listing {listing.Id} reserved for {dealId}", cancellationToken);
        }

        if (story == Story.Drafted)
        {
            return false;
        }

        await api.Post<Agreement>(seller, $"{path}/signatures", new SignRequest(agreement.ContentHash), cancellationToken);
        if (story == Story.SellerSigned)
        {
            return false;
        }

        await api.Post<Agreement>(buyer, $"{path}/signatures", new SignRequest(agreement.ContentHash), cancellationToken);
        if (story == Story.SignedByBoth)
        {
            return false;
        }

        await api.Post<Agreement>(Exchange, $"{path}/record", null, cancellationToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        if (story == Story.Paying)
        {
            // The first milestone paid in part: the rest is the buyer's 待付款.
            var first = agreement.Milestones.First(m => m.Outstanding > 0);
            await api.Post<Agreement>(buyer, $"{path}/payments", new PaymentRequest(first.Id, Thousands(first.Outstanding / 2), $"付款-{dealId}-{first.Id}"), cancellationToken);
            return false;
        }

        // The change of patentee registered first, so that the last payment is what completes it.
        await api.Post<Agreement>(seller, $"{path}/registration",
            new RegistrationRequest($"著变-{dealId}", today), cancellationToken);
        foreach (var milestone in agreement.Milestones.Where(m => m.Outstanding > 0))
        {
            await api.Post<Agreement>(buyer, $"{path}/payments", new PaymentRequest(milestone.Id, milestone.Outstanding, $"付款-{dealId}-{milestone.Id}"), cancellationToken);
        }

        var done = await api.Get<Agreement>(buyer, path, cancellationToken);
        if (done.Status != "Completed")
        {
            throw new TradeStepFailedException($"Agreement AG-{dealId} is {done.Status} after its registration and every payment.");
        }

        await Until(async () => (await api.Get<ListingItem>(Exchange, $"/api/listings/{listing.Id}", cancellationToken)).Status == "Sold",
            $"listing {listing.Id} sold by {dealId}", cancellationToken);
        return true;
    }

    /// <summary>
    /// 拍卖: the exchange schedules an auction for a public listing priced by auction, every demo
    /// enterprise registers with its deposit and they bid in turn past the reserve; the close (the
    /// Matching service's timer) strikes the winner's deal and the Contract service drafts it.
    /// </summary>
    private async Task<int> Auction(ExchangeApi api, CancellationToken cancellationToken)
    {
        var listing = (await api.Get<Page<ListingItem>>(Exchange, "/api/listings?status=Public&pricingMethod=Auction&sort=Newest&pageSize=1", cancellationToken)).Items is [var first, ..] ? first : null;
        if (listing is null)
        {
            return 0;
        }

        await InCatalogue(api, listing.Id, cancellationToken);
        var asking = listing.AskingPrice;
        var increment = Math.Max(1_000m, Thousands(asking * 0.02m));
        var step = Math.Max(increment, Thousands(asking * 0.04m));
        var now = DateTimeOffset.UtcNow;
        var auction = await api.Post<Created>(Exchange, "/api/auctions", new ScheduleAuctionRequest(listing.Id, now.AddSeconds(-1), now + AuctionLength, asking, increment,
            Math.Max(1_000m, Thousands(asking * 0.1m)), 2, 2), cancellationToken);
        foreach (var enterprise in Enterprises)
        {
            await api.Post<Auction>(enterprise, $"/api/auctions/{auction.Id}/registrations", new RegisterRequest($"保证金-{enterprise}-{auction.Id}"), cancellationToken);
        }

        // Six bids in turn, the last 20 % or more above the asking price: past the reserve (110 % in the demo's listings).
        for (var k = 0; k < 6; k++)
        {
            await api.Post<Auction>(Enterprises[k % Enterprises.Length], $"/api/auctions/{auction.Id}/bids", new BidRequest(asking + (k * step)), cancellationToken);
        }

        var closed = await Until(async () => await api.Get<Auction>(Exchange, $"/api/auctions/{auction.Id}", cancellationToken) is { Status: "Closed" } a ? a : null,
            $"auction {auction.Id} closed", cancellationToken, AuctionLength);
        if (closed.Outcome != "Won")
        {
            log.WriteLine($"Auction {auction.Id} of {listing.Id} closed {closed.Outcome}: no deal.");
            return 0;
        }

        await Until(() => api.Find<Agreement>(Exchange, $"/api/agreements/AG-DEAL-{auction.Id}", cancellationToken), $"agreement AG-DEAL-{auction.Id} drafted", cancellationToken);
        return 1;
    }

    /// <summary>Until the Matching service has catalogued the listing from the Listing service's events.</summary>
    private Task InCatalogue(ExchangeApi api, string listingId, CancellationToken cancellationToken) =>
        Until(async () => await api.Find<Ack>(Exchange, $"/api/demands/for-listing/{listingId}", cancellationToken) is not null, $"listing {listingId} in Matching's catalogue", cancellationToken);

    /// <summary>A story that would complete a deal the steps here cannot complete (a licence's filing) stops at paying.</summary>
    private static Story Completable(ListingItem listing, Story story) =>
        story == Story.Completed && listing.DealKind != "Assignment" ? Story.Paying : story;

    /// <summary>
    /// Deals whose agreement the parties can sign as drafted: an equity contribution's needs the
    /// investee's registered capital stated by an amendment first (agreement.equity-terms-missing),
    /// a step the demo leaves to a person.
    /// </summary>
    private static bool Signable(ListingItem listing) => listing.DealKind != "EquityContribution";

    private static string Seller(ExchangeApi api, ListingItem listing) =>
        Universities.Single(u => api.OrganisationOf(u) == listing.OwnerOrganisationId);

    /// <summary>Polls until <paramref name="condition"/> holds; a TimeoutException after the patience.</summary>
    private Task Until(Func<Task<bool>> condition, string what, CancellationToken cancellationToken) =>
        Until(async () => await condition() ? what : null, what, cancellationToken);

    /// <summary>Polls until <paramref name="probe"/> answers something; a TimeoutException after the patience (plus <paramref name="extra"/>).</summary>
    private async Task<T> Until<T>(Func<Task<T?>> probe, string what, CancellationToken cancellationToken, TimeSpan extra = default)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow + Patience + extra;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {(Patience + extra).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s for {what}.");
            }

            await Task.Delay(PollEvery, cancellationToken);
        }
    }

    private static decimal Thousands(decimal amount) => decimal.Round(amount / 1000) * 1000;
}
