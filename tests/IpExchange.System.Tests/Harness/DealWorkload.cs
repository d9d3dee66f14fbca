using System.Globalization;
using System.Text.Json;

namespace IpExchange.SystemTesting;

/// <summary>An exclusive listing that enterprises raced to take: who answered what, and the deal struck.</summary>
public sealed record TransferDeal(string ListingId, string DealId, string Buyer, IReadOnlyList<Answer> Answers);

/// <summary>An auction run to its close: every bid's answer, and the deal its winner struck.</summary>
public sealed record AuctionDeal(string ListingId, string AuctionId, string DealId, IReadOnlyList<Answer> BidAnswers, JsonElement Closed);

/// <summary>An open licence every enterprise took at once: one deal per licensee.</summary>
public sealed record LicenceDeals(string ListingId, IReadOnlyList<string> DealIds, IReadOnlyList<Answer> Answers);

/// <summary>
/// The deal flow driven through the gateway as the demo users would: a university registers a
/// patent and lists it, the exchange approves, enterprises take it (racing for an exclusive
/// listing, bidding at an auction, or each taking an open licence), and then the deal must show up
/// consistently in every service: Matching records it, Listing reserves (or licenses) the listing
/// for exactly that deal, and Contract drafts its agreement. Shared by the system tests and the
/// benchmark's replicas mode. Throws (never asserts) so that both can use it.
/// </summary>
public sealed class DealWorkload(ExchangeClient client)
{
    private static readonly int[] CheckWeights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    private static int _serial = Random.Shared.Next(0, 4_000_000);

    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>A listing transfer (挂牌转让) end to end: listed, raced for by every enterprise, settled.</summary>
    public async Task<TransferDeal> Transfer(int n, CancellationToken cancellationToken)
    {
        var university = DemoUsers.Universities[n % DemoUsers.Universities.Length];
        var listingId = await Publish(university, Terms("Assignment", "Negotiated", "ListingTransfer", 200_000m + (n * 1_000m)), cancellationToken);
        await InCatalogue(listingId, cancellationToken);
        var answers = await Task.WhenAll(DemoUsers.Enterprises.Select(e => client.Post(e, "/api/offers/accept", new { listingId }, cancellationToken)));
        var won = answers.Where(a => a.Status == 201).ToList();
        if (won.Count != 1)
        {
            throw new InvalidOperationException($"Racing for {listingId}: {won.Count} acceptances won instead of one: {string.Join(" | ", answers.AsEnumerable())}");
        }

        var dealId = won[0].Text("dealId");
        await Settled(dealId, listingId, "Reserved", cancellationToken);
        return new TransferDeal(listingId, dealId, won[0].Text("buyerOrganisationId"), answers);
    }

    /// <summary>An open licence (开放许可) that every enterprise takes at the same moment.</summary>
    public async Task<LicenceDeals> OpenLicence(CancellationToken cancellationToken)
    {
        var terms = Terms("OpenLicence", "Negotiated", "ListingTransfer", 300_000m);
        terms["openLicenceFee"] = 20_000m;
        terms["openLicenceTerms"] = "普通许可，期限三年，按年付费 / non-exclusive, three years";
        var listingId = await Publish(DemoUsers.Universities[0], terms, cancellationToken);
        await InCatalogue(listingId, cancellationToken);
        var answers = await Task.WhenAll(DemoUsers.Enterprises.Select(e => client.Post(e, "/api/offers/accept", new { listingId }, cancellationToken)));
        if (answers.Any(a => a.Status != 201))
        {
            throw new InvalidOperationException($"Open licence {listingId}: not every enterprise took it: {string.Join(" | ", answers.AsEnumerable())}");
        }

        var dealIds = answers.Select(a => a.Text("dealId")).ToList();
        await Task.WhenAll(dealIds.Select(d => Settled(d, listingId, "Licensed", cancellationToken)));
        return new LicenceDeals(listingId, dealIds, answers);
    }

    /// <summary>
    /// An auction (拍卖): every enterprise registers, then sends <paramref name="bidsEach"/> bids at
    /// once (all of them in flight together, so they race on the auction's stream version); the
    /// close is a durable timer that one replica fires.
    /// </summary>
    public async Task<AuctionDeal> Auction(int bidsEach, TimeSpan duration, CancellationToken cancellationToken)
    {
        var terms = Terms("Assignment", "Auction", "Bidding", 500_000m);
        terms["reservePrice"] = 500_000m;
        var listingId = await Publish(DemoUsers.Universities[1], terms, cancellationToken);
        await InCatalogue(listingId, cancellationToken);
        return await AuctionOf(listingId, 500_000m, DemoUsers.Enterprises, bidsEach, duration, cancellationToken);
    }

    /// <summary>
    /// The auction of a published listing (in Matching's catalogue) from <paramref name="startingPrice"/>:
    /// the <paramref name="bidders"/> register and send <paramref name="bidsEach"/> bids each at once.
    /// </summary>
    public async Task<AuctionDeal> AuctionOf(string listingId, decimal startingPrice, IReadOnlyList<string> bidders, int bidsEach, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var scheduled = await client.Post(DemoUsers.Exchange, "/api/auctions", new
        {
            listingId, startsAt = now.AddSeconds(-1), endsAt = now + duration, startingPrice, increment = 1_000m, deposit = 50_000m,
            softCloseWindowSeconds = 2, softCloseExtensionSeconds = 2,
        }, cancellationToken);
        var auctionId = scheduled.Expect(201, "scheduling the auction").GetProperty("id").GetString()!;
        foreach (var enterprise in bidders)
        {
            (await client.Post(enterprise, $"/api/auctions/{auctionId}/registrations", new { depositReference = $"保证金-{enterprise}-{auctionId}" }, cancellationToken))
                .Expect(200, $"registering {enterprise}");
        }

        // Distinct amounts spread over the bidders, sent in a shuffled order all at once.
        var bids = bidders
            .SelectMany((enterprise, e) => Enumerable.Range(0, bidsEach).Select(j => (enterprise, amount: startingPrice + (1_000m * ((j * bidders.Count) + e + 1)))))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        var answers = await Task.WhenAll(bids.Select(b => client.Post(b.enterprise, $"/api/auctions/{auctionId}/bids", new { amount = b.amount }, cancellationToken)));

        JsonElement closed = default;
        await Until(async () =>
        {
            closed = (await client.Get(DemoUsers.Exchange, $"/api/auctions/{auctionId}", cancellationToken)).Body;
            return closed.ValueKind == JsonValueKind.Object && closed.GetProperty("status").GetString() == "Closed";
        }, $"auction {auctionId} to close", duration + SettleTimeout, cancellationToken);

        var dealId = $"DEAL-{auctionId}";
        if (closed.GetProperty("outcome").GetString() == "Won")
        {
            await Settled(dealId, listingId, "Reserved", cancellationToken);
        }

        return new AuctionDeal(listingId, auctionId, dealId, answers, closed);
    }

    /// <summary>
    /// A deal's agreement taken to completion as its parties would: signed by both, recorded by the
    /// exchange, the change of patentee registered by the seller and every milestone paid by the buyer.
    /// Returns the completed agreement.
    /// </summary>
    public async Task<JsonElement> Complete(string dealId, string seller, string buyer, CancellationToken cancellationToken)
    {
        var id = $"AG-{dealId}";
        var agreement = (await client.Get(buyer, $"/api/agreements/{id}", cancellationToken)).Expect(200, "reading the agreement");
        var hash = agreement.GetProperty("contentHash").GetString()!;
        (await client.Post(seller, $"/api/agreements/{id}/signatures", new { contentHash = hash }, cancellationToken)).Expect(200, "the seller signing");
        (await client.Post(buyer, $"/api/agreements/{id}/signatures", new { contentHash = hash }, cancellationToken)).Expect(200, "the buyer signing");
        (await client.Post(DemoUsers.Exchange, $"/api/agreements/{id}/record", null, cancellationToken)).Expect(200, "recording");
        (await client.Post(seller, $"/api/agreements/{id}/registration",
            new { noticeNumber = $"著变-{dealId}", noticeDate = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken)).Expect(200, "the registration");
        foreach (var milestone in agreement.GetProperty("milestones").EnumerateArray())
        {
            var outstanding = milestone.GetProperty("outstanding").GetDecimal();
            if (outstanding > 0)
            {
                (await client.Post(buyer, $"/api/agreements/{id}/payments",
                    new { milestone = milestone.GetProperty("id").GetString(), amount = outstanding, reference = $"付款-{dealId}" }, cancellationToken)).Expect(200, "paying");
            }
        }

        var completed = (await client.Get(buyer, $"/api/agreements/{id}", cancellationToken)).Expect(200, "reading the agreement");
        return completed.GetProperty("status").GetString() == "Completed"
            ? completed
            : throw new InvalidOperationException($"Agreement {id} not completed after signing, recording, registration and payment: {completed}");
    }

    /// <summary>
    /// A patent an enterprise bought: a listing transfer taken to completion, then waited for until the
    /// Finance service knows the buyer owns it (so a loan can pledge it). Returns the buyer and the patent.
    /// </summary>
    public async Task<(string Borrower, string PatentId)> BoughtPatent(CancellationToken cancellationToken)
    {
        var transfer = await Transfer(1, cancellationToken);
        var buyer = DemoUsers.Enterprises.First(e => client.OrganisationOf(e) == transfer.Buyer);
        await Complete(transfer.DealId, DemoUsers.Universities[1], buyer, cancellationToken);
        var patentId = (await client.Get(DemoUsers.Exchange, $"/api/listings/{transfer.ListingId}", cancellationToken)).Expect(200, "the sold listing")
            .GetProperty("patentIds")[0].GetString()!;
        await Until(async () => (await client.Get(buyer, "/api/loans/patents", cancellationToken)).Body is { ValueKind: JsonValueKind.Array } mine
                                && mine.EnumerateArray().Any(p => p.GetProperty("id").GetString() == patentId),
            "the Finance service knowing the borrower's patent", SettleTimeout, cancellationToken);
        return (buyer, patentId);
    }

    /// <summary>A university's patent, listed and approved by the exchange; returns the listing id.</summary>
    public async Task<string> Publish(string university, Dictionary<string, object?> terms, CancellationToken cancellationToken)
    {
        var patent = (await client.Post(university, "/api/patents", PatentRequest(NewNumber()), cancellationToken)).Expect(201, "registering a patent");
        terms["patentIds"] = new[] { patent.GetProperty("id").GetString()! };
        var listingId = (await client.Post(university, "/api/listings", terms, cancellationToken)).Expect(201, "drafting a listing").GetProperty("id").GetString()!;
        (await client.Post(university, $"/api/listings/{listingId}/submit", null, cancellationToken)).Expect(200, "submitting the listing");
        (await client.Post(DemoUsers.Exchange, $"/api/listings/{listingId}/approve", null, cancellationToken)).Expect(200, "approving the listing");
        return listingId;
    }

    /// <summary>Until the Matching service has learnt of the published listing from Listing's event.</summary>
    public Task InCatalogue(string listingId, CancellationToken cancellationToken) =>
        Until(async () => (await client.Get(DemoUsers.Exchange, $"/api/demands/for-listing/{listingId}", cancellationToken)).Ok,
            $"listing {listingId} in Matching's catalogue", SettleTimeout, cancellationToken);

    /// <summary>Until the deal is consistent everywhere: Matching's deal in <paramref name="dealStatus"/>, Listing's listing holding it, Contract's agreement drafted.</summary>
    public Task Settled(string dealId, string listingId, string dealStatus, CancellationToken cancellationToken) =>
        Until(async () =>
        {
            var deal = await client.Get(DemoUsers.Exchange, $"/api/deals/{dealId}", cancellationToken);
            if (!deal.Ok || deal.Text("status") != dealStatus)
            {
                return false;
            }

            var agreement = await client.Get(DemoUsers.Exchange, $"/api/agreements/AG-{dealId}", cancellationToken);
            if (!agreement.Ok)
            {
                return false;
            }

            var listing = await client.Get(DemoUsers.Exchange, $"/api/listings/{listingId}", cancellationToken);
            return listing.Ok && listing.Text("status") == (dealStatus == "Licensed" ? "Public" : "Reserved");
        }, $"deal {dealId} settled ({dealStatus}) in Matching, Listing and Contract", SettleTimeout, cancellationToken);

    /// <summary>Polls <paramref name="condition"/> (every 150 ms unless told) until it holds; a TimeoutException after <paramref name="timeout"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan timeout, CancellationToken cancellationToken, int pollMs = 150)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(pollMs, cancellationToken);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}.");
    }

    public static Dictionary<string, object?> Terms(string dealKind, string pricing, string mode, decimal asking)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)); // the exchange's calendar is Beijing time
        return new Dictionary<string, object?>
        {
            ["title"] = "轨道交通牵引变流器故障诊断专利",
            ["titleEn"] = "Fault diagnosis of traction converters",
            ["summary"] = "适用于地铁与高铁牵引系统。For metro and high-speed traction systems.",
            ["dealKind"] = dealKind,
            ["pricingMethod"] = pricing,
            ["tradingMode"] = mode,
            ["askingPrice"] = asking,
            ["listedFrom"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["listedUntil"] = today.AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A fresh invention number of 2019 with its check character.</summary>
    public static string NewNumber()
    {
        var serial = Interlocked.Increment(ref _serial) % 10_000_000;
        var digits = string.Create(CultureInfo.InvariantCulture, $"20191{serial:D7}");
        var sum = digits.Select((c, i) => (c - '0') * CheckWeights[i]).Sum() % 11;
        return $"ZL{digits}.{(sum == 10 ? 'X' : (char)('0' + sum))}";
    }

    /// <summary>The registration request of a demo invention patent with the given number.</summary>
    public static object PatentRequest(string number) => new
    {
        number,
        title = "一种轨道交通牵引变流器的故障诊断方法",
        titleEn = "Fault diagnosis of traction converters for rail transit",
        @abstract = "本发明公开了一种用于城市轨道交通车辆的牵引变流器故障诊断方法，基于电流信号特征提取实现功率器件开路故障的快速定位。",
        abstractEn = "A method to locate open-circuit faults of power devices in traction converters from current signatures.",
        ipcCodes = new[] { "H02M 7/48", "B61C 3/00" },
        type = "Invention",
        filingDate = "2019-03-15",
        grantDate = "2021-08-20",
        legalStatus = "Valid",
        inventors = new[] { "王强", "Li Na" },
        claimsCount = 10,
    };
}
