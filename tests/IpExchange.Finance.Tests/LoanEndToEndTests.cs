extern alias listing;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using Microsoft.AspNetCore.Hosting;
using static IpExchange.Finance.Tests.FinanceApi;

namespace IpExchange.Finance.Tests;

/// <summary>The Listing service in-process beside the Finance service, on the same broker and virtual host.</summary>
public sealed class ListingHost() : ServiceFactory<listing::Program>("listing")
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:VirtualHost", VirtualHost);
    }

    public static readonly Caller Uni = new("u-uni", "王老师", "org-swrtu", "西南轨道交通大学", Roles.University, null, "四川",
        OrganisationKind: "UniversityOrInstitute", OrganisationRoles: OrganisationRoles.All);

    /// <summary>
    /// A patent the enterprise received through a completed deal: the university registers and lists
    /// it, the exchange approves, and the deal's DealStruck and ContractCompleted (as the Matching and
    /// Contract services would publish them) hand it to the buyer. Returns the patent's id.
    /// </summary>
    public async Task<string> PatentBoughtBy(Caller buyer)
    {
        var number = $"ZL{NewPatentNumber()}";
        var response = await As(Uni).PostAsJsonAsync("/api/patents", new
        {
            number, title = "一种轨道车辆牵引变流器的控制方法", titleEn = (string?)null, @abstract = "本发明公开了一种牵引变流器的控制方法。", abstractEn = (string?)null,
            ipcCodes = new[] { "H02M 7/48" }, type = "Invention", filingDate = "2019-03-15", grantDate = "2021-08-20", legalStatus = "Valid",
            inventors = new[] { "王强" }, claimsCount = 10,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var patentId = (await Body(response)).GetProperty("id").GetString()!;
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var drafted = await As(Uni).PostAsJsonAsync("/api/listings", new
        {
            title = "牵引变流器控制方法专利转让", summary = "适用于地铁牵引系统。", patentIds = new[] { patentId }, dealKind = "Assignment", pricingMethod = "Negotiated",
            tradingMode = "Negotiated", askingPrice = 800_000m,
            listedFrom = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), listedUntil = today.AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Assert.True(drafted.StatusCode == HttpStatusCode.Created, await drafted.Content.ReadAsStringAsync());
        var listingId = (await Body(drafted)).GetProperty("id").GetString()!;
        Assert.True((await As(Uni).PostAsync($"/api/listings/{listingId}/submit", null)).IsSuccessStatusCode);
        var approved = await As(FinanceApi.Staff).PostAsync($"/api/listings/{listingId}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        var dealId = $"D-{Guid.NewGuid():N}"[..14];
        await Bus.Publish(new DealStruck(dealId, listingId, Uni.OrganisationId, buyer.OrganisationId, 800_000m, DealKind.Assignment, TradingMode.Negotiated,
            PricingMethod.Negotiated, "双方协商一致成交。", [new PaymentTerm("合同价款", 800_000m, today.AddDays(30))], null, DateTimeOffset.UtcNow));
        await Eventually(async () => (await Body(await As(FinanceApi.Staff).GetAsync($"/api/listings/{listingId}"))).GetProperty("status").GetString() == "Reserved",
            "the listing reserved for the deal");
        await Bus.Publish(new ContractCompleted($"AG-{dealId}", dealId, listingId, Uni.OrganisationId, buyer.OrganisationId, 800_000m, DateTimeOffset.UtcNow));
        return patentId;
    }

    /// <summary>Waits until the patent, as its owner sees it, satisfies the condition on its pledge (null when not pledged).</summary>
    public async Task<JsonElement> Pledge(Caller owner, string patentId, Func<JsonElement?, bool> condition, string what)
    {
        JsonElement? pledge = null;
        await Eventually(async () =>
        {
            var view = await Body(await As(owner).GetAsync($"/api/patents/{patentId}"));
            pledge = view.GetProperty("pledge") is { ValueKind: JsonValueKind.Object } p ? p : null;
            return condition(pledge);
        }, what);
        return pledge ?? default;
    }
}

/// <summary>
/// Whole loans over the real PostgreSQL and RabbitMQ: the Listing service tells the Finance service
/// whose patents they are, the Finance service tells it when they are pledged and released.
/// </summary>
[Collection("finance-api")]
public sealed class LoanEndToEndTests(FinanceApi api) : IAsyncLifetime
{
    private readonly ListingHost _listing = new();

    public Task InitializeAsync() => _listing.InitializeAsync();

    public async Task DisposeAsync() => await _listing.DisposeAsync();

    [Fact]
    public async Task A_loan_goes_from_application_to_repayment_and_the_pledge_is_released_in_Listing()
    {
        var patentId = await _listing.PatentBoughtBy(Borrower);
        await api.PatentKnown(patentId, p => p.OwnerOrganisationId == Borrower.OrganisationId && p.InForce);

        var applied = await api.Apply([patentId], amount: 900_000m, termMonths: 3);
        var id = applied.Str("id");
        Assert.Equal("Applied", applied.Str("status"));
        Assert.Equal(Bank.OrganisationId, applied.GetProperty("bank").Str("organisationId"));

        // Someone else's loan does not exist for another enterprise.
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Other).GetAsync($"/api/loans/{id}")).StatusCode);

        var guaranteed = await api.Ok(Guarantor, $"/api/loans/{id}/guarantee", new { feeRate = 0.012m, coverage = 0.8m });
        Assert.Equal("Guaranteed", guaranteed.Str("status"));
        var approved = await api.Ok(Bank, $"/api/loans/{id}/approval", new { amount = 900_000m, annualRate = 0.0365m, termMonths = 3 });
        Assert.True(approved.GetProperty("riskSharingEligible").GetBoolean());
        var today = ExchangeCalendar.Today(api.Clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var registered = await api.Ok(Staff, $"/api/loans/{id}/pledge-registration", new { noticeNumber = "Y2026000123", noticeDate = today });
        Assert.Equal("Active", registered.Str("status"));
        var schedule = registered.GetProperty("schedule").EnumerateArray().ToList();
        Assert.Equal(3, schedule.Count);
        Assert.Equal(900_000m, schedule.Sum(i => i.Dec("principal")));

        // The Listing service marks the patent pledged to the bank under the loan's id.
        var pledge = await _listing.Pledge(Borrower, patentId, p => p is not null, "the patent pledged in Listing");
        Assert.Equal(id, pledge.Str("contractNumber"));
        await api.PatentKnown(patentId, p => p.Pledged);

        // A second loan against the same patent is refused.
        var again = await api.As(Borrower).PostAsJsonAsync("/api/loans", Application([patentId]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("loan.patent-already-pledged", (await Body(again)).Rule());

        JsonElement view = registered;
        foreach (var instalment in schedule)
        {
            view = await api.Ok(Bank, $"/api/loans/{id}/repayments", new { amount = instalment.Dec("principal") + instalment.Dec("interest"), reference = $"还款 {instalment.GetProperty("number").GetInt32()}" });
        }

        Assert.Equal("Repaid", view.Str("status"));
        Assert.Equal(0m, view.Dec("outstanding"));
        Assert.True(view.Dec("subsidyPaid") > 0);

        // Released in Listing, and a repaid loan's pledge is not disposed of.
        await _listing.Pledge(Borrower, patentId, p => p is null, "the pledge released in Listing");
        var disposal = await api.As(Bank).PostAsJsonAsync($"/api/loans/{id}/disposal", new { method = "Auction", counterparty = "某买受人", proceeds = 500_000m, costs = 0m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, disposal.StatusCode);
        Assert.Equal("loan.repaid", (await Body(disposal)).Rule());
    }
}

/// <summary>Default, 4:2:2:2 compensation and disposal by reverse licence over HTTP, with the overdue instalment found by the durable timer.</summary>
[Collection("finance-api")]
public sealed class DefaultEndToEndTests(FinanceApi api)
{
    [Fact]
    public async Task A_defaulted_loan_is_compensated_4_2_2_2_once_and_its_pledge_disposed_of_with_the_money_flows()
    {
        var patentId = await api.KnownPatent(Borrower);
        var running = await api.Running([patentId], amount: 1_000_000m, termMonths: 6);
        var id = running.Str("id");
        var firstDue = DateOnly.Parse(running.GetProperty("schedule")[0].Str("dueOn"), CultureInfo.InvariantCulture);

        // Declaring a default with nothing overdue is refused.
        var early = await api.As(Bank).PostAsJsonAsync($"/api/loans/{id}/default", new { reason = "经营困难" });
        Assert.Equal("loan.nothing-overdue", (await Body(early)).Rule());

        // The clock passes the first due day: the durable timer marks the instalment overdue.
        api.Clock.Advance(RepaymentSchedule(firstDue) - api.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await api.DueTimersFired();
        JsonElement overdue = default;
        await Eventually(async () =>
        {
            overdue = await Body(await api.As(Bank).GetAsync($"/api/loans/{id}"));
            return overdue.GetProperty("schedule")[0].GetProperty("overdue").GetBoolean();
        }, "the first instalment overdue");

        var defaulted = await api.Ok(Bank, $"/api/loans/{id}/default", new { reason = "第一期逾期未还" });
        Assert.Equal("Defaulted", defaulted.Str("status"));
        var loss = defaulted.Dec("loss");
        Assert.Equal(1_000_000m + overdue.GetProperty("schedule")[0].Dec("interest"), loss);

        var compensated = await api.Ok(Bank, $"/api/loans/{id}/compensation", null);
        var shares = compensated.GetProperty("compensation").EnumerateArray().ToDictionary(s => s.Str("party"), s => s.Dec("amount"));
        Assert.Equal(loss, shares.Values.Sum());
        Assert.Equal(decimal.Round(loss * 0.4m, 2, MidpointRounding.ToZero), shares["guarantor"]);
        Assert.Equal(decimal.Round(loss * 0.2m, 2, MidpointRounding.ToZero), shares["re-guarantor"]);
        Assert.Equal(decimal.Round(loss * 0.2m, 2, MidpointRounding.ToZero), shares["national-fund"]);
        Assert.Equal(loss - shares["guarantor"] - shares["re-guarantor"] - shares["national-fund"], shares["bank"]);

        var twice = await api.As(Bank).PostAsync($"/api/loans/{id}/compensation", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal("loan.compensation-already-settled", (await Body(twice)).Rule());

        var disposed = await api.Ok(Bank, $"/api/loans/{id}/disposal", new { method = "ReverseLicence", counterparty = "渌江精密刀具有限公司", proceeds = 1_200_000m, costs = 36_000m, note = "转让后许可借款人继续实施" });
        var flows = disposed.GetProperty("disposalFlows").EnumerateArray().ToList();
        Assert.Equal(1_200_000m, flows[0].Dec("amount"));
        Assert.Equal(36_000m, flows.Single(f => f.Str("to") == "disposal-costs").Dec("amount"));
        Assert.Equal(1_200_000m - 36_000m - loss, flows.Single(f => f.Str("to") == Borrower.OrganisationName).Dec("amount"));
        Assert.Equal(shares["guarantor"] + shares["re-guarantor"] + shares["national-fund"],
            flows.Where(f => f.Str("purpose").StartsWith("recovery", StringComparison.Ordinal)).Sum(f => f.Dec("amount")));
    }

    private static DateTimeOffset RepaymentSchedule(DateOnly dueOn) => Loans.RepaymentSchedule.OverdueFrom(dueOn);

    [Fact]
    public async Task The_exchanges_alert_on_a_pledged_patent_is_shown_on_its_loan_once_and_alerts_on_deals_pass_by()
    {
        var patentId = await api.KnownPatent(Borrower);
        var id = (await api.Running([patentId])).Str("id");
        var alert = new Contracts.Monitoring.AlertRaised("pledged-patent-expiring-0123456789abcdef", "pledged-patent-expiring", null, null, null,
            "质押专利将于 2026-09-01 届满，仅剩 100 天", DateTimeOffset.UtcNow, id, patentId);
        await api.Bus.Publish(alert);
        await api.Bus.Publish(alert with { }); // the same alert again (another message): recorded once
        await api.Bus.Publish(new Contracts.Monitoring.AlertRaised("price-vs-asking-0123456789abcdef", "price-vs-asking", "D-1", "GP-1", null, "成交价偏离挂牌价", DateTimeOffset.UtcNow));

        JsonElement loan = default;
        await Eventually(async () =>
        {
            loan = await Body(await api.As(Bank).GetAsync($"/api/loans/{id}"));
            return loan.GetProperty("patentAlerts").GetArrayLength() > 0;
        }, "the alert on the loan");
        var shown = Assert.Single(loan.GetProperty("patentAlerts").EnumerateArray());
        Assert.Equal("pledged-patent-expiring", shown.Str("rule"));
        Assert.Equal(patentId, shown.Str("patentId"));
        Assert.Equal(1, (await Body(await api.As(Borrower).GetAsync($"/api/loans/{id}"))).GetProperty("patentAlerts").GetArrayLength());
    }
}

/// <summary>Bad input is refused with problem details naming the field and a stable code.</summary>
[Collection("finance-api")]
public sealed class RefusalTests(FinanceApi api)
{
    [Fact]
    public async Task An_amount_over_the_cap_and_a_patent_not_owned_are_refused_naming_their_fields()
    {
        var theirs = await api.KnownPatent(Other);
        var response = await api.As(Borrower).PostAsJsonAsync("/api/loans", Application([theirs], amount: 50_000_000.01m));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Body(response);
        Assert.Equal("loan.amount-over-cap", problem.Code("amount"));
        Assert.Equal("loan.patent-not-owned", problem.Code("patentIds[0]"));
    }

    [Fact]
    public async Task A_patent_already_pledged_elsewhere_is_refused()
    {
        var pledged = await api.KnownPatent(Borrower, pledgee: "某商业银行");
        var response = await api.As(Borrower).PostAsJsonAsync("/api/loans", Application([pledged]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("loan.patent-already-pledged", (await Body(response)).Rule());
    }

    [Fact]
    public async Task A_guarantee_fee_over_the_cap_is_refused_and_only_the_guarantor_decides()
    {
        var id = (await api.Apply([await api.KnownPatent(Borrower)])).Str("id");
        var over = await api.As(Guarantor).PostAsJsonAsync($"/api/loans/{id}/guarantee", new { feeRate = 0.02m, coverage = 0.8m });
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal("loan.fee-over-cap", (await Body(over)).Code("feeRate"));
        var byBank = await api.As(Bank).PostAsJsonAsync($"/api/loans/{id}/guarantee", new { feeRate = 0.01m, coverage = 0.8m });
        Assert.Equal(HttpStatusCode.Forbidden, byBank.StatusCode);
        var refused = await api.Ok(Guarantor, $"/api/loans/{id}/guarantee/refusal", new { reason = "反担保措施不足" });
        Assert.Equal("Refused", refused.Str("status"));
        Assert.Equal("反担保措施不足", refused.Str("refusalReason"));
    }

    [Fact]
    public async Task A_stale_If_Match_is_refused_with_412()
    {
        var id = (await api.Apply([await api.KnownPatent(Borrower)])).Str("id");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/loans/{id}/guarantee") { Content = JsonContent.Create(new { feeRate = 0.01m, coverage = 0.8m }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        using var stale = await api.As(Guarantor).SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        // Refused before anything changed: the loan still waits for the guarantor, at its first version.
        using var after = await api.As(Guarantor).GetAsync($"/api/loans/{id}");
        Assert.Equal("Applied", (await Body(after)).Str("status"));
        Assert.Equal("\"1\"", after.Headers.ETag?.Tag);
    }
}

/// <summary>What the application form offers: the enterprise's own patents as the Listing service describes them, and the lenders among the members.</summary>
[Collection("finance-api")]
public sealed class ApplicationFormTests(FinanceApi api)
{
    [Fact]
    public async Task The_form_lists_the_callers_own_patents_only()
    {
        var mine = await api.KnownPatent(Borrower);
        var theirs = await api.KnownPatent(Other);
        var listed = (await Body(await api.As(Borrower).GetAsync("/api/loans/patents"))).EnumerateArray().Select(p => p.Str("id")).ToList();
        Assert.Contains(mine, listed);
        Assert.DoesNotContain(theirs, listed);
    }

    [Fact]
    public async Task The_form_lists_the_banks_and_guarantee_institutions_among_the_members()
    {
        await api.Bus.Publish(new IpExchange.Contracts.Members.OrganisationVerified(Bank.OrganisationId, Bank.OrganisationName, "91500000202847330J",
            IpExchange.Contracts.Members.OrganisationKind.Bank, "重庆", null, 1, DateTimeOffset.UtcNow));
        await Eventually(async () => (await Body(await api.As(Borrower).GetAsync("/api/loans/lenders"))).EnumerateArray()
            .Any(l => l.Str("organisationId") == Bank.OrganisationId && l.Str("role") == "bank" && l.Str("name") == Bank.OrganisationName), "the bank among the lenders");
    }
}

/// <summary>
/// 质物处置 by auction in the marketplace, over the real PostgreSQL and RabbitMQ with the Listing
/// service beside the Finance service: the pledgee lists the defaulted loan's patent on its own
/// behalf, the exchange publishes it, the auction's deal (as the Matching service strikes it) and its
/// completed agreement (as the Contract service announces it) sell it, the buyer owns it free of the
/// pledge, and the loan records the disposal from the hammer price.
/// </summary>
[Collection("finance-api")]
public sealed class AuctionDisposalEndToEndTests(FinanceApi api) : IAsyncLifetime
{
    private readonly ListingHost _listing = new();

    public Task InitializeAsync() => _listing.InitializeAsync();

    public async Task DisposeAsync() => await _listing.DisposeAsync();

    private static object DisposalListing(string patentId, string pricingMethod = "Auction", string tradingMode = "Bidding") => new
    {
        title = "质押专利处置：牵引变流器控制方法", summary = "质权人依法处置质押专利，网络拍卖。", patentIds = new[] { patentId }, dealKind = "Assignment", pricingMethod,
        tradingMode, askingPrice = 900_000m, reservePrice = 800_000m,
        listedFrom = FinanceApi.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), listedUntil = FinanceApi.Today.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_defaulted_loans_patent_is_auctioned_on_the_pledgees_behalf_and_the_hammer_price_is_applied()
    {
        var patentId = await _listing.PatentBoughtBy(Borrower);
        await api.PatentKnown(patentId, p => p.OwnerOrganisationId == Borrower.OrganisationId && p.InForce);
        var running = await api.Running([patentId], amount: 1_000_000m, termMonths: 6);
        var id = running.Str("id");
        await _listing.Pledge(Borrower, patentId, p => p is not null, "the patent pledged in Listing");

        // While the loan runs, its pledgee has nothing to dispose of.
        var beforeDefault = await _listing.As(Bank).PostAsJsonAsync($"/api/listings/pledge-disposals/{id}", DisposalListing(patentId));
        Assert.Equal("listing.patent-not-owned", (await Body(beforeDefault)).Code("patentIds[0]"));

        var firstDue = DateOnly.Parse(running.GetProperty("schedule")[0].Str("dueOn"), CultureInfo.InvariantCulture);
        api.Clock.Advance(Loans.RepaymentSchedule.OverdueFrom(firstDue) - api.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await api.DueTimersFired();
        await Eventually(async () => (await Body(await api.As(Bank).GetAsync($"/api/loans/{id}"))).GetProperty("schedule")[0].GetProperty("overdue").GetBoolean(),
            "the first instalment overdue");
        var loss = (await api.Ok(Bank, $"/api/loans/{id}/default", new { reason = "第一期逾期未还" })).Dec("loss");
        var shares = (await api.Ok(Bank, $"/api/loans/{id}/compensation", null)).GetProperty("compensation").EnumerateArray().ToList();
        await _listing.Pledge(Borrower, patentId, p => p is { } x && x.GetProperty("inDefault").GetBoolean(), "the pledge in default in Listing");

        // An auction is not typed in: the marketplace sells the pledge.
        var typed = await api.As(Bank).PostAsJsonAsync($"/api/loans/{id}/disposal", new { method = "Auction", counterparty = "某买受人", proceeds = 1_200_000m, costs = 0m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, typed.StatusCode);
        Assert.Equal("disposal.auction-in-marketplace", (await Body(typed)).Rule());

        // Nobody but the pledgee lists the pledged patent, and only for auction.
        var stranger = await _listing.As(Other).PostAsJsonAsync($"/api/listings/pledge-disposals/{id}", DisposalListing(patentId));
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        var negotiated = await _listing.As(Bank).PostAsJsonAsync($"/api/listings/pledge-disposals/{id}", DisposalListing(patentId, "Negotiated", "Negotiated"));
        Assert.Equal(HttpStatusCode.BadRequest, negotiated.StatusCode);
        Assert.Equal("listing.disposal-by-auction", (await Body(negotiated)).Code("pricingMethod"));
        var otherLoan = await _listing.As(Bank).PostAsJsonAsync("/api/listings/pledge-disposals/LN-not-this-one", DisposalListing(patentId));
        Assert.Equal("listing.patent-not-owned", (await Body(otherLoan)).Code("patentIds[0]"));

        // The pledgee's listing, with its consent recorded on the patent, is reviewed and published like any listing.
        var drafted = await _listing.As(Bank).PostAsJsonAsync($"/api/listings/pledge-disposals/{id}", DisposalListing(patentId));
        Assert.True(drafted.StatusCode == HttpStatusCode.Created, await drafted.Content.ReadAsStringAsync());
        var listingId = (await Body(drafted)).Str("id");
        var consent = await _listing.Pledge(Borrower, patentId, p => p is { } x && x.GetProperty("consentDocument").ValueKind == JsonValueKind.String, "the pledgee's consent recorded");
        Assert.Contains(Bank.OrganisationName, consent.Str("consentDocument"), StringComparison.Ordinal);
        var submitted = await _listing.As(Bank).PostAsync($"/api/listings/{listingId}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var approved = await _listing.As(Staff).PostAsync($"/api/listings/{listingId}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        JsonElement loan = default;
        await Eventually(async () =>
        {
            loan = await Body(await api.As(Bank).GetAsync($"/api/loans/{id}"));
            return loan.GetProperty("auctionListing") is { ValueKind: JsonValueKind.Object } l && l.Str("listingId") == listingId;
        }, "the loan hears its pledge listed for auction");
        Assert.Equal(900_000m, loan.GetProperty("auctionListing").Dec("askingPrice"));

        // The auction strikes the deal (as the Matching service does) and its agreement completes (as the Contract service announces).
        var hammer = 1_234_567.89m;
        var dealId = $"D-{Guid.NewGuid():N}"[..14];
        await _listing.Bus.Publish(new DealStruck(dealId, listingId, Bank.OrganisationId, Other.OrganisationId, hammer, DealKind.Assignment, TradingMode.Bidding,
            PricingMethod.Auction, "网络拍卖成交。", [new PaymentTerm("成交价款", hammer, FinanceApi.Today.AddDays(10))], null, DateTimeOffset.UtcNow));
        await Eventually(async () => (await Body(await _listing.As(Staff).GetAsync($"/api/listings/{listingId}"))).Str("status") == "Reserved", "the listing reserved for the auction's deal");
        await _listing.Bus.Publish(new ContractCompleted($"AG-{dealId}", dealId, listingId, Bank.OrganisationId, Other.OrganisationId, hammer, DateTimeOffset.UtcNow));

        await Eventually(async () =>
        {
            loan = await Body(await api.As(Bank).GetAsync($"/api/loans/{id}"));
            return loan.GetProperty("disposalMethod").ValueKind == JsonValueKind.String;
        }, "the loan records the sale");
        Assert.Equal("Auction", loan.Str("disposalMethod"));
        Assert.Equal(hammer, loan.Dec("disposalProceeds"));
        var costs = decimal.Round(hammer * 0.03m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(costs, loan.Dec("disposalCosts"));
        var flows = loan.GetProperty("disposalFlows").EnumerateArray().ToList();
        Assert.Equal(hammer, flows[0].Dec("amount"));
        Assert.Equal(costs, flows.Single(f => f.Str("to") == "disposal-costs").Dec("amount"));
        Assert.Equal(shares.Where(s => s.Str("party") != "bank").Sum(s => s.Dec("amount")),
            flows.Where(f => f.Str("purpose").StartsWith("recovery", StringComparison.Ordinal)).Sum(f => f.Dec("amount")));
        Assert.Equal(hammer - costs - loss, flows.Single(f => f.Str("to") == Borrower.OrganisationName).Dec("amount"));

        // The buyer owns the patent, free of the pledge, in Listing and as the Finance service knows it.
        await _listing.Pledge(Other, patentId, p => p is null, "the buyer's patent, unpledged");
        await api.PatentKnown(patentId, p => p.OwnerOrganisationId == Other.OrganisationId && !p.Pledged);
    }
}
