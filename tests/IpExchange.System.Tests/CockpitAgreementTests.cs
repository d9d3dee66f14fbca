using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace IpExchange.SystemTesting;

/// <summary>
/// The whole system with one replica of every service, shared by the tests that trade without faults and
/// without counting on an empty system: the cockpit's comparison with the services (which holds whatever
/// traded before) and the pledge disposal (its own loan and listings).
/// </summary>
public sealed class TradingSystem() : RunningSystem(replicas: 1)
{
    public const string Collection = "trading";
}

[CollectionDefinition(TradingSystem.Collection)]
public sealed class TradingCollection : ICollectionFixture<TradingSystem>;

/// <summary>
/// 驾驶舱 figures that agree with the services: after a small trading run driven through the gateway
/// (listings submitted, approved, rejected, withdrawn in review; a listing transfer completed; an
/// auction; an open licence taken by every enterprise), each figure of GET /api/cockpit/summary
/// equals the count read from the API of the service that owns it: the Listing service's listings by
/// status and review queue, the Matching service's deals, the Contract service's agreements by status.
/// </summary>
[Collection(TradingSystem.Collection)]
public sealed class CockpitAgreementTests(TradingSystem fixture, ITestOutputHelper output)
{
    private ExchangeClient Client => fixture.Client;

    [Fact]
    public async Task After_a_trading_run_every_cockpit_figure_equals_the_count_of_the_service_that_owns_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        try
        {
            // The figures before the run, once the cockpit agrees with the services: the collection's
            // other tests may have traded on this system first.
            var (before, _) = await CockpitFigures.Agreeing(Client, ct);
            await TradingRun(ct);
            await Compare(before, ct);
        }
        catch
        {
            output.WriteLine(fixture.System.LogTails());
            throw;
        }
    }

    private async Task TradingRun(CancellationToken ct)
    {
        var workload = new DealWorkload(Client);
        var university = DemoUsers.Universities[0];

        // In review: two waiting, one rejected, one withdrawn by its owner before any decision.
        var waiting = new[] { await Submitted(university, ct), await Submitted(DemoUsers.Universities[1], ct) };
        var rejected = await Submitted(university, ct);
        (await Client.Post(DemoUsers.Exchange, $"/api/listings/{rejected}/reject", new { reasons = new[] { "评估报告缺失" } }, ct)).Expect(200, "rejecting");
        var withdrawn = await Submitted(university, ct);
        (await Client.Post(university, $"/api/listings/{withdrawn}/withdraw", new { reason = "补充材料后重新提交" }, ct)).Expect(200, "withdrawing in review");
        output.WriteLine($"in review {string.Join(", ", waiting)}; rejected {rejected}; withdrawn {withdrawn}");

        // Approved and public, no deal.
        await workload.Publish(university, DealWorkload.Terms("Assignment", "Negotiated", "Negotiated", 150_000m), ct);

        // A listing transfer taken to completion: signed by both, recorded, registered, paid.
        var transfer = await workload.Transfer(1, ct);
        await Complete(transfer, ct);

        // An auction won (its agreement drafted, its listing reserved) and an open licence every enterprise takes.
        var auction = await workload.Auction(bidsEach: 2, TimeSpan.FromSeconds(8), ct); // time for six bids on a busy machine: a late bid would leave it unsold
        Assert.Equal("Won", auction.Closed.GetProperty("outcome").GetString());
        await workload.OpenLicence(ct);
    }

    private async Task Compare(JsonElement before, CancellationToken ct)
    {
        var (cockpit, owners) = await CockpitFigures.Agreeing(Client, ct);
        output.WriteLine(cockpit.ToString());
        output.WriteLine(string.Join(Environment.NewLine, owners.Select(o => $"{o.Key} = {o.Value}")));
        Assert.Empty(CockpitFigures.Differences(cockpit, owners));

        // And the run added what it should, so that equal figures are not equal by being empty.
        var listings = CockpitFigures.Stages(cockpit.GetProperty("listings"));
        var listingsBefore = CockpitFigures.Stages(before.GetProperty("listings"));
        decimal Added(string stage) => listings.GetValueOrDefault(stage) - listingsBefore.GetValueOrDefault(stage);
        Assert.Equal(2, Added("Submitted"));
        Assert.Equal(1, Added("Rejected"));
        Assert.Equal(1, Added("Withdrawn"));
        Assert.Equal(1, Added("Sold"));
        Assert.Equal(1, Added("Reserved"));
        var deals = cockpit.GetProperty("deals");
        var dealsBefore = before.GetProperty("deals");
        Assert.Equal(1 + 1 + DemoUsers.Enterprises.Length, deals.GetProperty("total").GetInt64() - dealsBefore.GetProperty("total").GetInt64());
        Assert.Equal(1, deals.GetProperty("completed").GetInt64() - dealsBefore.GetProperty("completed").GetInt64());
        Assert.Equal(0, deals.GetProperty("stuck").GetInt64());
    }

    /// <summary>A university's new listing, submitted for review; returns its id.</summary>
    private async Task<string> Submitted(string university, CancellationToken ct)
    {
        var patent = (await Client.Post(university, "/api/patents", DealWorkload.PatentRequest(DealWorkload.NewNumber()), ct)).Expect(201, "registering a patent");
        var terms = DealWorkload.Terms("Assignment", "Negotiated", "Negotiated", 120_000m);
        terms["patentIds"] = new[] { patent.GetProperty("id").GetString()! };
        var listingId = (await Client.Post(university, "/api/listings", terms, ct)).Expect(201, "drafting a listing").GetProperty("id").GetString()!;
        (await Client.Post(university, $"/api/listings/{listingId}/submit", null, ct)).Expect(200, "submitting the listing");
        return listingId;
    }

    /// <summary>The transfer's agreement signed by both, recorded, its change of patentee registered and every milestone paid.</summary>
    private async Task Complete(TransferDeal deal, CancellationToken ct)
    {
        var id = $"AG-{deal.DealId}";
        var seller = DemoUsers.Universities[1 % DemoUsers.Universities.Length];
        var buyer = DemoUsers.Enterprises.First(e => Client.OrganisationOf(e) == deal.Buyer);
        var agreement = (await Client.Get(buyer, $"/api/agreements/{id}", ct)).Expect(200, "reading the agreement");
        var hash = agreement.GetProperty("contentHash").GetString()!;
        (await Client.Post(seller, $"/api/agreements/{id}/signatures", new { contentHash = hash }, ct)).Expect(200, "the seller signing");
        (await Client.Post(buyer, $"/api/agreements/{id}/signatures", new { contentHash = hash }, ct)).Expect(200, "the buyer signing");
        (await Client.Post(DemoUsers.Exchange, $"/api/agreements/{id}/record", null, ct)).Expect(200, "recording");
        (await Client.Post(seller, $"/api/agreements/{id}/registration",
            new { noticeNumber = $"著变-{deal.DealId}", noticeDate = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, ct)).Expect(200, "the registration");
        foreach (var milestone in agreement.GetProperty("milestones").EnumerateArray())
        {
            var outstanding = milestone.GetProperty("outstanding").GetDecimal();
            if (outstanding > 0)
            {
                (await Client.Post(buyer, $"/api/agreements/{id}/payments",
                    new { milestone = milestone.GetProperty("id").GetString(), amount = outstanding, reference = $"付款-{deal.DealId}" }, ct)).Expect(200, "paying");
            }
        }

        Assert.Equal("Completed", (await Client.Get(buyer, $"/api/agreements/{id}", ct)).Expect(200, "reading").GetProperty("status").GetString());
    }
}
