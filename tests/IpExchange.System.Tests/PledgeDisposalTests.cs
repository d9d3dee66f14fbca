using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace IpExchange.SystemTesting;

/// <summary>
/// 质押融资 to 质物处置 through the whole marketplace, as processes behind the gateway: an enterprise
/// that bought a patent borrows against it from the demo bank with the demo guarantor, the exchange
/// registers the pledge, an instalment goes overdue (the Finance service restarted on the real clock
/// after granting the loan on one set back: its durable timer finds the instalment overdue, no
/// sleeping), the bank declares default and the loss is shared 4:2:2:2; the bank lists the pledged
/// patent for auction on its own behalf, the exchange approves and schedules the auction, the other
/// enterprises bid, the agreement is signed, recorded, registered and paid until Completed; then the
/// loan shows the disposal at the hammer price with its money flows and Listing shows the patent the
/// buyer's, no longer pledged.
/// </summary>
[Collection(TradingSystem.Collection)]
public sealed class PledgeDisposalTests(TradingSystem fixture, ITestOutputHelper output)
{
    private const decimal AuctionCostRate = 0.03m; // the Finance service's default AuctionCostRate

    /// <summary>More than a month and a day: the first instalment (a month after the registration) is overdue on the real clock.</summary>
    private static readonly TimeSpan ClockSetBack = TimeSpan.FromDays(40);

    private ExchangeClient Client => fixture.Client;

    [Fact]
    public async Task A_defaulted_loans_pledge_is_auctioned_in_the_marketplace_and_the_hammer_price_is_applied_to_the_loss()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        try
        {
            await DefaultToDisposal(ct);
        }
        catch
        {
            output.WriteLine(fixture.System.LogTails());
            throw;
        }
    }

    private async Task DefaultToDisposal(CancellationToken ct)
    {
        await Client.SignIn(DemoUsers.Bank, ct);
        await Client.SignIn(DemoUsers.Guarantor, ct);
        var workload = new DealWorkload(Client);

        // The borrower's patent: bought through a listing transfer taken to completion.
        var (borrower, patentId) = await workload.BoughtPatent(ct);

        // Applied, guaranteed, approved and registered on the Finance service's clock, set back: the
        // service restarted with the offset (the system's other tests take no loans).
        await fixture.System.StartReplica("finance", 1, new Dictionary<string, string> { ["Finance__ClockOffset"] = $"-{ClockSetBack.Days}.00:00:00" }, ct);
        var financeToday = Beijing(DateTimeOffset.UtcNow - ClockSetBack);
        var applied = (await Client.Post(borrower, "/api/loans", new
        {
            bankOrganisationId = Client.OrganisationOf(DemoUsers.Bank),
            guarantorOrganisationId = Client.OrganisationOf(DemoUsers.Guarantor),
            amount = 1_000_000m,
            termMonths = 6,
            purpose = "流动资金周转：采购牵引变流器功率模块。",
            patentIds = new[] { patentId },
            valuation = new { reference = "VAL-2026-0420", value = 2_100_000m },
            appraisal = new { appraiser = "重庆华信资产评估有限公司", reportNumber = "华信评报字[2026]第042号", value = 2_000_000m, date = Date(financeToday.AddDays(-10)) },
        }, ct)).Expect(201, "applying for the loan");
        var loanId = applied.GetProperty("id").GetString()!;
        (await Client.Post(DemoUsers.Guarantor, $"/api/loans/{loanId}/guarantee", new { feeRate = 0.01m, coverage = 0.8m }, ct)).Expect(200, "the guarantee");
        var approved = (await Client.Post(DemoUsers.Bank, $"/api/loans/{loanId}/approval", new { amount = 1_000_000m, annualRate = 0.0365m, termMonths = 6 }, ct)).Expect(200, "the bank's approval");
        Assert.True(approved.GetProperty("riskSharingEligible").GetBoolean());
        var registered = (await Client.Post(DemoUsers.Exchange, $"/api/loans/{loanId}/pledge-registration",
            new { noticeNumber = $"Y{Random.Shared.Next(100_000_000, 999_999_999)}", noticeDate = Date(financeToday) }, ct)).Expect(200, "registering the pledge");
        Assert.Equal("Active", registered.GetProperty("status").GetString());
        var firstDue = DateOnly.Parse(registered.GetProperty("schedule")[0].GetProperty("dueOn").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(firstDue < Beijing(DateTimeOffset.UtcNow), $"the first instalment ({firstDue}) is due before today");
        await Pledge(borrower, patentId, p => p is not null, "the patent pledged in Listing", ct);

        // Weeks pass: the Finance service back on the real clock, its timer finds the first instalment overdue.
        await fixture.System.StartReplica("finance", 1, new Dictionary<string, string> { ["Finance__ClockOffset"] = "00:00:00" }, ct);
        JsonElement overdue = default;
        await DealWorkload.Until(async () =>
        {
            var read = await Client.Get(DemoUsers.Bank, $"/api/loans/{loanId}", ct);
            overdue = read.Body;
            return read.Ok && overdue.GetProperty("schedule")[0].GetProperty("overdue").GetBoolean();
        }, "the first instalment overdue", workload.SettleTimeout, ct);

        // Default, and its loss shared 4:2:2:2.
        var defaulted = (await Client.Post(DemoUsers.Bank, $"/api/loans/{loanId}/default", new { reason = "第一期逾期未还" }, ct)).Expect(200, "declaring default");
        Assert.Equal("Defaulted", defaulted.GetProperty("status").GetString());
        var loss = defaulted.GetProperty("loss").GetDecimal();
        Assert.Equal(1_000_000m + overdue.GetProperty("schedule")[0].GetProperty("interest").GetDecimal(), loss);
        var shares = (await Client.Post(DemoUsers.Bank, $"/api/loans/{loanId}/compensation", null, ct)).Expect(200, "settling the compensation")
            .GetProperty("compensation").EnumerateArray().ToDictionary(s => s.GetProperty("party").GetString()!, s => s.GetProperty("amount").GetDecimal());
        Assert.Equal(decimal.Round(loss * 0.4m, 2, MidpointRounding.ToZero), shares["guarantor"]);
        Assert.Equal(decimal.Round(loss * 0.2m, 2, MidpointRounding.ToZero), shares["re-guarantor"]);
        Assert.Equal(decimal.Round(loss * 0.2m, 2, MidpointRounding.ToZero), shares["national-fund"]);
        Assert.Equal(loss - shares["guarantor"] - shares["re-guarantor"] - shares["national-fund"], shares["bank"]);
        await Pledge(borrower, patentId, p => p is { } x && x.GetProperty("inDefault").GetBoolean(), "the pledge in default in Listing", ct);

        // The bank lists the pledged patent for auction on its own behalf; the exchange approves.
        var today = Beijing(DateTimeOffset.UtcNow);
        var drafted = (await Client.Post(DemoUsers.Bank, $"/api/listings/pledge-disposals/{loanId}", new
        {
            title = "质押专利处置：牵引变流器故障诊断方法",
            titleEn = "Pledged patent disposal: fault diagnosis of traction converters",
            summary = "质权人依法处置质押专利，网络拍卖。Disposal of a pledged patent by the pledgee, by auction.",
            patentIds = new[] { patentId },
            dealKind = "Assignment",
            pricingMethod = "Auction",
            tradingMode = "Bidding",
            askingPrice = 1_200_000m,
            reservePrice = 1_100_000m,
            listedFrom = Date(today),
            listedUntil = Date(today.AddDays(60)),
        }, ct)).Expect(201, "the bank listing the pledge for disposal");
        var listingId = drafted.GetProperty("id").GetString()!;
        (await Client.Post(DemoUsers.Bank, $"/api/listings/{listingId}/submit", null, ct)).Expect(200, "submitting the disposal listing");
        (await Client.Post(DemoUsers.Exchange, $"/api/listings/{listingId}/approve", null, ct)).Expect(200, "approving the disposal listing");
        await DealWorkload.Until(async () => (await Client.Get(DemoUsers.Bank, $"/api/loans/{loanId}", ct)).Body is { ValueKind: JsonValueKind.Object } loan
                                             && loan.GetProperty("auctionListing") is { ValueKind: JsonValueKind.Object } listed
                                             && listed.GetProperty("listingId").GetString() == listingId,
            "the loan hearing its pledge listed for auction", workload.SettleTimeout, ct);

        // The auction, among the other enterprises, through the gateway.
        await workload.InCatalogue(listingId, ct);
        var bidders = DemoUsers.Enterprises.Where(e => e != borrower).ToList();
        var auction = await workload.AuctionOf(listingId, 1_100_000m, bidders, bidsEach: 2, TimeSpan.FromSeconds(8), ct);
        Assert.Equal("Won", auction.Closed.GetProperty("outcome").GetString());
        var hammer = auction.Closed.GetProperty("price").GetDecimal();
        var deal = (await Client.Get(DemoUsers.Exchange, $"/api/deals/{auction.DealId}", ct)).Expect(200, "the auction's deal");
        Assert.Equal(hammer, deal.GetProperty("price").GetDecimal());
        Assert.Equal(Client.OrganisationOf(DemoUsers.Bank), deal.GetProperty("sellerOrganisationId").GetString());
        var buyer = bidders.Single(e => Client.OrganisationOf(e) == deal.GetProperty("buyerOrganisationId").GetString());

        // Signed by the bank and the buyer, recorded, registered, paid.
        var completed = await workload.Complete(auction.DealId, DemoUsers.Bank, buyer, ct);
        Assert.Equal(hammer, completed.GetProperty("price").GetDecimal());

        // The loan records the disposal from the hammer price: costs first, the loss back to those who bore it, the rest to the borrower.
        JsonElement disposed = default;
        await DealWorkload.Until(async () =>
        {
            disposed = (await Client.Get(DemoUsers.Bank, $"/api/loans/{loanId}", ct)).Body;
            return disposed.ValueKind == JsonValueKind.Object && disposed.GetProperty("disposalMethod").ValueKind == JsonValueKind.String;
        }, "the loan recording the sale", workload.SettleTimeout, ct);
        output.WriteLine(disposed.ToString());
        Assert.Equal("Auction", disposed.GetProperty("disposalMethod").GetString());
        Assert.Equal(hammer, disposed.GetProperty("disposalProceeds").GetDecimal());
        Assert.Equal(completed.GetProperty("buyer").GetProperty("name").GetString(), disposed.GetProperty("disposalCounterparty").GetString());
        var costs = decimal.Round(hammer * AuctionCostRate, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(costs, disposed.GetProperty("disposalCosts").GetDecimal());
        var flows = disposed.GetProperty("disposalFlows").EnumerateArray().ToList();
        Assert.Equal(hammer, flows[0].GetProperty("amount").GetDecimal());
        Assert.Equal(costs, flows.Single(f => f.GetProperty("to").GetString() == "disposal-costs").GetProperty("amount").GetDecimal());
        Assert.Equal(shares["guarantor"] + shares["re-guarantor"] + shares["national-fund"],
            flows.Where(f => f.GetProperty("purpose").GetString()!.StartsWith("recovery", StringComparison.Ordinal)).Sum(f => f.GetProperty("amount").GetDecimal()));
        var borrowerName = applied.GetProperty("borrower").GetProperty("name").GetString();
        Assert.Equal(hammer - costs - loss, flows.Single(f => f.GetProperty("to").GetString() == borrowerName).GetProperty("amount").GetDecimal());

        // Listing: the buyer owns the patent, no longer pledged.
        var patent = await Pledge(buyer, patentId, p => p is null, "the buyer's patent, unpledged", ct);
        Assert.Equal(Client.OrganisationOf(buyer), patent.GetProperty("ownerOrganisationId").GetString());
        Assert.Equal("Sold", (await Client.Get(DemoUsers.Exchange, $"/api/listings/{listingId}", ct)).Expect(200, "the disposal listing").GetProperty("status").GetString());
    }

    /// <summary>Waits until the patent, as <paramref name="reader"/> reads it in Listing, satisfies the condition on its pledge (null when not pledged); returns the patent.</summary>
    private async Task<JsonElement> Pledge(string reader, string patentId, Func<JsonElement?, bool> condition, string what, CancellationToken ct)
    {
        JsonElement patent = default;
        await DealWorkload.Until(async () =>
        {
            var read = await Client.Get(reader, $"/api/patents/{patentId}", ct);
            patent = read.Body;
            return read.Ok && condition(patent.GetProperty("pledge") is { ValueKind: JsonValueKind.Object } p ? p : null);
        }, what, TimeSpan.FromSeconds(90), ct);
        return patent;
    }

    /// <summary>The exchange's calendar (Beijing time).</summary>
    private static DateOnly Beijing(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime.AddHours(8));

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
