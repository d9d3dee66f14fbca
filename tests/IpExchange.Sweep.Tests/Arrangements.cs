extern alias listing;

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using static IpExchange.Sweep.Tests.People;

namespace IpExchange.Sweep.Tests;

/// <summary>
/// For each write endpoint, a resource it may act on and a body it accepts, made through the
/// service's own API (or, for what another service would have said, its messages on the bus).
/// A write endpoint the document lists without an arrangement here fails the sweep: a new
/// endpoint is swept from the day it is added.
/// </summary>
public abstract class Arrangements(ISweptService service, Sweep sweep)
{
    protected ISweptService Service => service;

    protected DateTimeOffset Now => service.Clock.GetUtcNow();

    protected DateOnly Today => DateOnly.FromDateTime(Now.ToOffset(TimeSpan.FromHours(8)).DateTime);

    protected static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public abstract IReadOnlyDictionary<string, Func<Task<Target>>> All { get; }

    /// <summary>A setup call that must succeed; its status is checked against the document like every other.</summary>
    protected async Task<JsonElement> Ok(Caller? caller, string method, string url, JsonNode? body = null, string? ifMatch = null)
    {
        using var response = await sweep.Send(null, caller, url, body, ifMatch, method);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"setup {method} {url} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    protected static JsonObject Json(object value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!.AsObject();
}

public sealed class ListingArrangements(ISweptService service, Sweep sweep) : Arrangements(service, sweep)
{
    public override IReadOnlyDictionary<string, Func<Task<Target>>> All => new Dictionary<string, Func<Task<Target>>>(StringComparer.Ordinal)
    {
        ["POST /api/patents"] = () => Task.FromResult(new Target(Uni, "/api/patents", PatentBody(NewNumber(), pledged: true), "/api/patents?pageSize=100")),
        ["POST /api/patents/{id}/pledge"] = async () =>
        {
            var id = await Patent();
            return new Target(Uni, $"/api/patents/{id}/pledge",
                Json(new { pledgee = "重庆银行", contractNumber = "ZY-2026-001", pledgedOn = Date(Today), consentDocument = "同意书 2026-01" }), $"/api/patents/{id}");
        },
        ["POST /api/patents/{id}/pledge/consent"] = async () =>
        {
            var id = await Patent(pledged: true);
            return new Target(Uni, $"/api/patents/{id}/pledge/consent", Json(new { consentDocument = "质权人同意书 2026-02" }), $"/api/patents/{id}");
        },
        ["DELETE /api/patents/{id}/pledge"] = async () =>
        {
            var id = await Patent(pledged: true);
            return new Target(Uni, $"/api/patents/{id}/pledge", null, $"/api/patents/{id}");
        },
        ["PUT /api/patents/{id}/legal-status"] = async () =>
        {
            var id = await Patent();
            return new Target(Uni, $"/api/patents/{id}/legal-status", Json(new { status = "Lapsed", note = "未缴年费" }), $"/api/patents/{id}", IfMatch: true);
        },
        ["POST /api/listings"] = async () => new Target(Uni, "/api/listings", ListingBody(await Patent()), "/api/listings?owner=mine&pageSize=100"),
        ["PUT /api/listings/{id}"] = async () =>
        {
            var id = await Listing();
            return new Target(Uni, $"/api/listings/{id}", ListingBody(await Patent()), $"/api/listings/{id}", IfMatch: true);
        },
        ["POST /api/listings/{id}/submit"] = async () =>
        {
            var id = await Listing();
            return new Target(Uni, $"/api/listings/{id}/submit", null, $"/api/listings/{id}");
        },
        ["POST /api/listings/{id}/approve"] = async () =>
        {
            var id = await Listing(submitted: true);
            return new Target(Staff, $"/api/listings/{id}/approve", null, $"/api/listings/{id}");
        },
        ["POST /api/listings/{id}/reject"] = async () =>
        {
            var id = await Listing(submitted: true);
            return new Target(Staff, $"/api/listings/{id}/reject", Json(new { reasons = new[] { "请补充评估报告" } }), $"/api/listings/{id}");
        },
        ["POST /api/listings/{id}/withdraw"] = async () =>
        {
            var id = await Listing();
            return new Target(Uni, $"/api/listings/{id}/withdraw", Json(new { reason = "另行转让" }), $"/api/listings/{id}");
        },
        ["POST /api/listings/pledge-disposals/{loanId}"] = async () =>
        {
            var (loanId, patentId) = await PledgedUnderLoan();
            return new Target(Bank, $"/api/listings/pledge-disposals/{loanId}", DisposalBody(patentId), $"/api/patents/{patentId}", Reader: Uni);
        },
    };

    /// <summary>A patent the Finance service pledged to the bank under a loan it then declared in default (PledgeRegistered and LoanDefaulted on the bus), once the Listing service applied them.</summary>
    private async Task<(string LoanId, string PatentId)> PledgedUnderLoan()
    {
        var patentId = await Patent();
        var loanId = $"LN-{Guid.NewGuid():N}"[..15];
        await Service.Bus.Publish(new IpExchange.Contracts.Finance.PledgeRegistered(loanId, Uni.OrganisationId, Bank.OrganisationId, Bank.OrganisationName, [patentId],
            "Y2026000123", Today, Now));
        await Eventually(async () =>
        {
            var patent = await Ok(Uni, "GET", $"/api/patents/{patentId}");
            return patent.GetProperty("pledge") is { ValueKind: JsonValueKind.Object } pledge && pledge.GetProperty("contractNumber").GetString() == loanId;
        }, "the patent pledged under the loan");
        await Service.Bus.Publish(new IpExchange.Contracts.Finance.LoanDefaulted(loanId, Uni.OrganisationId, Bank.OrganisationId, 1_000_000m, Now, [patentId]));
        await Eventually(async () =>
            (await Ok(Uni, "GET", $"/api/patents/{patentId}")).GetProperty("pledge").GetProperty("inDefault").GetBoolean(), "the loan in default");
        return (loanId, patentId);
    }

    private JsonObject DisposalBody(string patentId) => Json(new
    {
        title = "质押专利处置拍卖",
        titleEn = "Pledged patent disposal auction",
        summary = "质权人依法处置质押专利。",
        patentIds = new[] { patentId },
        dealKind = "Assignment",
        pricingMethod = "Auction",
        tradingMode = "Bidding",
        askingPrice = 800_000m,
        reservePrice = 700_000m,
        listedFrom = Date(Today),
        listedUntil = Date(Today.AddDays(90)),
    });

    private static string NewNumber()
    {
        var digits = string.Create(CultureInfo.InvariantCulture, $"20191{Random.Shared.Next(1_000_000, 9_999_999)}");
        var check = listing::IpExchange.Listing.Patents.PatentNumber.CheckCharacter(digits);
        return $"ZL{digits}.{check}";
    }

    private static JsonObject PatentBody(string number, bool pledged) => Json(new
    {
        number,
        title = "一种轨道交通牵引变流器的控制方法",
        titleEn = "Control method of a traction converter",
        @abstract = "本发明公开了一种牵引变流器的控制方法。",
        abstractEn = "A control method of a traction converter.",
        ipcCodes = new[] { "H02M 7/48" },
        type = "Invention",
        filingDate = "2019-03-15",
        grantDate = "2021-08-20",
        legalStatus = "Valid",
        inventors = new[] { "王强" },
        claimsCount = 10,
        pledge = pledged ? new { pledgee = "重庆银行", contractNumber = "ZY-2025-009", pledgedOn = "2024-05-01", consentDocument = (string?)null } : null,
    });

    private async Task<string> Patent(bool pledged = false) =>
        (await Ok(Uni, "POST", "/api/patents", PatentBody(NewNumber(), pledged))).GetProperty("id").GetString()!;

    private JsonObject ListingBody(string patentId) => Json(new
    {
        title = "牵引变流器控制专利转让",
        titleEn = "Traction converter control patent",
        summary = "适用于地铁牵引系统。",
        patentIds = new[] { patentId },
        dealKind = "Assignment",
        pricingMethod = "Appraisal",
        tradingMode = "Negotiated",
        askingPrice = 800_000m,
        reservePrice = 700_000m,
        openLicenceFee = 10_000m,
        openLicenceTerms = "标准许可条款",
        listedFrom = Date(Today),
        listedUntil = Date(Today.AddDays(90)),
        appraisal = new { appraiser = "重庆资产评估公司", reportNumber = "PG-2026-01", value = 800_000m, date = Date(Today.AddDays(-10)) },
        directedToOrganisationId = "org-xtrail",
        allianceId = "ALLIANCE-1",
        allianceMemberIds = new[] { "org-xtrail" },
    });

    private async Task<string> Listing(bool submitted = false)
    {
        var id = (await Ok(Uni, "POST", "/api/listings", ListingBody(await Patent()))).GetProperty("id").GetString()!;
        if (submitted)
        {
            await Ok(Uni, "POST", $"/api/listings/{id}/submit");
        }

        return id;
    }
}

public sealed class MatchingArrangements(ISweptService service, Sweep sweep) : Arrangements(service, sweep)
{
    public override IReadOnlyDictionary<string, Func<Task<Target>>> All => new Dictionary<string, Func<Task<Target>>>(StringComparer.Ordinal)
    {
        ["POST /api/demands"] = () => Task.FromResult(new Target(Rail, "/api/demands", DemandBody(), "/api/demands?pageSize=100")),
        ["PUT /api/demands/{id}"] = async () =>
        {
            var id = await Demand();
            return new Target(Rail, $"/api/demands/{id}", DemandBody(), $"/api/demands/{id}", IfMatch: true);
        },
        ["POST /api/demands/{id}/close"] = async () =>
        {
            var id = await Demand();
            return new Target(Rail, $"/api/demands/{id}/close", Json(new { reason = "已找到合作方" }), $"/api/demands/{id}");
        },
        ["POST /api/auctions"] = async () =>
        {
            var listing = await Listed(PricingMethod.Auction, TradingMode.Bidding);
            // No list of auctions to read back: the valid request at the end is the proof, as a
            // listing takes one auction at a time and an invalid request that had scheduled one
            // would make it fail.
            return new Target(Staff, "/api/auctions", AuctionBody(listing), null);
        },
        ["POST /api/auctions/{id}/registrations"] = async () =>
        {
            var id = await Auction();
            return new Target(Rail, $"/api/auctions/{id}/registrations", Json(new { depositReference = "BZJ-2026-0001" }), $"/api/auctions/{id}", Staff);
        },
        ["POST /api/auctions/{id}/bids"] = async () =>
        {
            var id = await Auction();
            await Ok(Rail, "POST", $"/api/auctions/{id}/registrations", Json(new { depositReference = "BZJ-2026-0002" }));
            return new Target(Rail, $"/api/auctions/{id}/bids", Json(new { amount = 500_000m }), $"/api/auctions/{id}", Staff);
        },
        ["POST /api/offers/accept"] = async () =>
        {
            var listing = await Listed(PricingMethod.Appraisal, TradingMode.ListingTransfer);
            return new Target(Rail, "/api/offers/accept", Json(new { listingId = listing }), $"/api/deals?listingId={listing}", Staff);
        },
        ["POST /api/offers/negotiations"] = async () =>
        {
            var listing = await Listed(PricingMethod.Negotiated, TradingMode.Negotiated);
            return new Target(Rail, "/api/offers/negotiations", OfferBody(listing), $"/api/offers/negotiations?listingId={listing}");
        },
        ["POST /api/offers/negotiations/{id}/counter-offers"] = async () =>
        {
            var id = await Negotiation();
            var counter = OfferBody(null);
            counter.Remove("listingId");
            return new Target(Uni, $"/api/offers/negotiations/{id}/counter-offers", counter, $"/api/offers/negotiations/{id}");
        },
        ["POST /api/offers/negotiations/{id}/acceptance"] = async () =>
        {
            var id = await Negotiation();
            return new Target(Uni, $"/api/offers/negotiations/{id}/acceptance", null, $"/api/offers/negotiations/{id}");
        },
        ["POST /api/offers/negotiations/{id}/rejection"] = async () =>
        {
            var id = await Negotiation();
            return new Target(Uni, $"/api/offers/negotiations/{id}/rejection", Json(new { reason = "价格差距过大" }), $"/api/offers/negotiations/{id}");
        },
        ["POST /api/offers/competitions"] = async () =>
        {
            var listing = await Listed(PricingMethod.CompetitiveNegotiation, TradingMode.Negotiated);
            return new Target(Uni, "/api/offers/competitions", Json(new { listingId = listing, deadline = Time(Now.AddDays(3)), minimumPrice = 100_000m }),
                $"/api/offers/competitions?listingId={listing}");
        },
        ["PUT /api/offers/competitions/{id}/offers/mine"] = async () =>
        {
            var id = await Competition(TimeSpan.FromDays(3));
            return new Target(Rail, $"/api/offers/competitions/{id}/offers/mine", SealedBody(), $"/api/offers/competitions/{id}", IfMatch: true);
        },
        ["DELETE /api/offers/competitions/{id}/offers/mine"] = async () =>
        {
            var id = await Competition(TimeSpan.FromDays(3), offer: true);
            return new Target(Rail, $"/api/offers/competitions/{id}/offers/mine", null, $"/api/offers/competitions/{id}");
        },
        ["POST /api/offers/competitions/{id}/award"] = async () =>
        {
            var id = await ClosedCompetition();
            return new Target(Uni, $"/api/offers/competitions/{id}/award", Json(new { bidderOrganisationId = Rail.OrganisationId }), $"/api/offers/competitions/{id}");
        },
        ["POST /api/offers/competitions/{id}/decline"] = async () =>
        {
            var id = await ClosedCompetition();
            return new Target(Uni, $"/api/offers/competitions/{id}/decline", Json(new { reason = "报价均低于预期" }), $"/api/offers/competitions/{id}");
        },
    };

    private JsonObject DemandBody() => Json(new
    {
        title = "寻求牵引变流器控制技术",
        description = "用于地铁车辆的牵引系统升级。",
        ipcCodes = new[] { "H02M 7/48" },
        budgetMin = 100_000m,
        budgetMax = 900_000m,
        dealKinds = new[] { "Assignment" },
        region = "湖南",
        deadline = Date(Today.AddDays(60)),
    });

    private async Task<string> Demand() => (await Ok(Rail, "POST", "/api/demands", DemandBody())).GetProperty("id").GetString()!;

    /// <summary>A public listing of the university, as the Listing service would announce it, once the catalogue holds it.</summary>
    private async Task<string> Listed(PricingMethod pricing, TradingMode mode)
    {
        var id = $"L-{Guid.NewGuid():N}"[..14];
        await Service.Bus.Publish(new ListingPublished(id, Uni.OrganisationId, Uni.OrganisationName, "四川", "牵引变流器控制专利", null, "适用于地铁牵引系统。",
            DealKind.Assignment, pricing, mode, 800_000m, 600_000m, null, null, null, [], Now, Now.AddDays(90), null,
            [new ListedPatent("201910100001.X", "201910100001.X", "牵引变流器控制专利", PatentType.Invention, ["H02M 7/48"], new DateOnly(2019, 1, 1), new DateOnly(2039, 1, 1), 10, false)],
            Now));
        await Eventually(async () =>
        {
            using var response = await Service.As(Uni).GetAsync(new Uri($"/api/demands/for-listing/{id}", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, $"listing {id} in the catalogue");
        return id;
    }

    private JsonObject AuctionBody(string listingId) => Json(new
    {
        listingId,
        startsAt = Time(Now),
        endsAt = Time(Now.AddHours(2)),
        startingPrice = 500_000m,
        increment = 10_000m,
        deposit = 50_000m,
        softCloseWindowSeconds = 300,
        softCloseExtensionSeconds = 300,
    });

    /// <summary>An auction that has started (its start timer has recorded it), so that nothing changes it during the sweep but the sweep.</summary>
    private async Task<string> Auction()
    {
        var id = (await Ok(Staff, "POST", "/api/auctions", AuctionBody(await Listed(PricingMethod.Auction, TradingMode.Bidding)))).GetProperty("id").GetString()!;
        await Eventually(async () =>
        {
            using var response = await Service.As(Staff).GetAsync(new Uri($"/api/auctions/{id}", UriKind.Relative));
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() == "Running";
        }, $"auction {id} running");
        return id;
    }

    private JsonObject OfferBody(string? listingId) => Json(new
    {
        listingId,
        price = 700_000m,
        schedule = new[] { new { name = "首付款", amount = 700_000m, dueOn = Date(Today.AddDays(30)) } },
        note = "一次性付清",
        expiresAt = Time(Now.AddDays(5)),
    });

    private async Task<string> Negotiation()
    {
        var listing = await Listed(PricingMethod.Negotiated, TradingMode.Negotiated);
        return (await Ok(Rail, "POST", "/api/offers/negotiations", OfferBody(listing))).GetProperty("id").GetString()!;
    }

    private JsonObject SealedBody() => Json(new
    {
        price = 650_000m,
        schedule = new[] { new { name = "合同价款", amount = 650_000m, dueOn = Date(Today.AddDays(40)) } },
        note = "密封报价",
    });

    private async Task<string> Competition(TimeSpan deadline, bool offer = false)
    {
        var listing = await Listed(PricingMethod.CompetitiveNegotiation, TradingMode.Negotiated);
        var opened = await Ok(Uni, "POST", "/api/offers/competitions", Json(new { listingId = listing, deadline = Time(Now + deadline) }));
        var id = opened.GetProperty("id").GetString()!;
        if (offer)
        {
            var etag = $"\"{opened.GetProperty("version").GetInt64()}\"";
            await Ok(Rail, "PUT", $"/api/offers/competitions/{id}/offers/mine", SealedBody(), etag);
        }

        return id;
    }

    /// <summary>A round with an offer whose deadline has passed: the clock is moved past it, not waited for.</summary>
    private async Task<string> ClosedCompetition()
    {
        var id = await Competition(TimeSpan.FromMinutes(1), offer: true);
        Service.Clock.Advance(TimeSpan.FromMinutes(2));
        // The close timer records the deadline: wait for it, so that it does not change the round mid-sweep.
        await Eventually(async () =>
        {
            using var response = await Service.As(Uni).GetAsync(new Uri($"/api/offers/competitions/{id}", UriKind.Relative));
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString() == "Closed";
        }, $"competition {id} closed");
        return id;
    }
}

public sealed class ContractArrangements(ISweptService service, Sweep sweep) : Arrangements(service, sweep)
{
    public override IReadOnlyDictionary<string, Func<Task<Target>>> All => new Dictionary<string, Func<Task<Target>>>(StringComparer.Ordinal)
    {
        ["POST /api/agreements/{id}/signatures"] = async () =>
        {
            var (id, hash) = await Drafted();
            return new Target(Uni, $"/api/agreements/{id}/signatures", Json(new { contentHash = hash }), $"/api/agreements/{id}");
        },
        ["POST /api/agreements/{id}/cancellation"] = async () =>
        {
            var (id, _) = await Drafted();
            return new Target(Uni, $"/api/agreements/{id}/cancellation", Json(new { reason = "双方协商解除" }), $"/api/agreements/{id}");
        },
        ["POST /api/agreements/{id}/amendments"] = async () =>
        {
            var (id, _) = await Drafted(DealKind.NonExclusiveLicence);
            return new Target(Uni, $"/api/agreements/{id}/amendments", Json(new
            {
                price = 900_000m,
                paymentSchedule = new[] { new { name = "首付款", amount = 900_000m, dueOn = Date(Today.AddDays(30)) } },
                royaltyRate = 0.05m,
                clauses = new[] { "许可期限五年。" },
                reason = "调整价格",
            }), $"/api/agreements/{id}");
        },
        ["POST /api/agreements/{id}/amendments/{number}/accept"] = async () =>
        {
            var (id, _) = await Drafted();
            await Ok(Uni, "POST", $"/api/agreements/{id}/amendments", Json(new { price = 1_050_000m, reason = "调整价格" }));
            return new Target(Rail, $"/api/agreements/{id}/amendments/1/accept", null, $"/api/agreements/{id}");
        },
        ["POST /api/agreements/{id}/payments"] = async () =>
        {
            var id = await Effective();
            return new Target(Rail, $"/api/agreements/{id}/payments", Json(new { milestone = "M1", amount = 1_000m, reference = "HK-2026-0001" }), $"/api/agreements/{id}");
        },
        ["POST /api/agreements/{id}/record"] = async () =>
        {
            var id = await Signed();
            return new Target(Staff, $"/api/agreements/{id}/record", null, $"/api/agreements/{id}");
        },
        ["POST /api/agreements/{id}/registration"] = async () =>
        {
            var id = await Effective();
            return new Target(Uni, $"/api/agreements/{id}/registration", Json(new { noticeNumber = "ZL-BG-2026-0001", noticeDate = Date(DateOnly.FromDateTime(Now.UtcDateTime)) }),
                $"/api/agreements/{id}");
        },
        ["POST /api/agreements/{id}/steps/{step}"] = async () =>
        {
            var id = await Effective();
            return new Target(Uni, $"/api/agreements/{id}/steps/PatentTransferRegistration",
                Json(new { documentNumber = "ZL-BG-2026-0002", documentDate = Date(DateOnly.FromDateTime(Now.UtcDateTime)) }), $"/api/agreements/{id}");
        },
        ["POST /api/agreements/{id}/royalties/reports"] = async () =>
        {
            var id = await LicenceYearEnded();
            return new Target(Rail, $"/api/agreements/{id}/royalties/reports", Json(new { period = 1, sales = 2_000_000m }), $"/api/agreements/{id}/royalties");
        },
        ["POST /api/agreements/{id}/royalties/payments"] = async () =>
        {
            var id = await LicenceYearEnded();
            await Ok(Rail, "POST", $"/api/agreements/{id}/royalties/reports", Json(new { period = 1, sales = 2_000_000m }));
            return new Target(Rail, $"/api/agreements/{id}/royalties/payments", Json(new { period = 1, amount = 1_000m, reference = "TC-2027-0001" }),
                $"/api/agreements/{id}/royalties");
        },
    };

    /// <summary>
    /// An effective non-exclusive licence whose first licence year has ended: the service's clock is
    /// moved past the year, not waited for. It stays moved: every later arrangement makes its own
    /// agreement at the moved clock, and the ones already swept are not read again.
    /// </summary>
    private async Task<string> LicenceYearEnded()
    {
        var id = await Effective(DealKind.NonExclusiveLicence);
        Service.Clock.Advance(TimeSpan.FromDays(370));
        // The deadlines the jump passed (the licence filing's, the year's end) change the agreement: let them fire first.
        await Service.DueTimersFired();
        return id;
    }

    /// <summary>A deal struck between the university and the rail enterprise, as the Matching service announces it, once its agreement is drafted.</summary>
    private async Task<(string Id, string Hash)> Drafted(DealKind kind = DealKind.Assignment)
    {
        var deal = new DealStruck($"D-{Guid.NewGuid():N}"[..14], $"L-{Guid.NewGuid():N}"[..14], Uni.OrganisationId, Rail.OrganisationId, 1_000_000m, kind,
            TradingMode.Negotiated, PricingMethod.Negotiated, "双方协商一致成交。",
            [new PaymentTerm("首付款", 300_000m, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(30)), new PaymentTerm("尾款", 700_000m, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(90))],
            kind == DealKind.Assignment ? null : 0.03m, Now);
        await Service.Bus.Publish(deal);
        var id = $"AG-{deal.DealId}";
        JsonElement view = default;
        await Eventually(async () =>
        {
            using var response = await Service.As(Uni).GetAsync(new Uri($"/api/agreements/{id}", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return true;
        }, $"agreement {id} drafted");
        return (id, view.GetProperty("contentHash").GetString()!);
    }

    private async Task<string> Signed(DealKind kind = DealKind.Assignment)
    {
        var (id, hash) = await Drafted(kind);
        await Ok(Uni, "POST", $"/api/agreements/{id}/signatures", Json(new { contentHash = hash }));
        await Ok(Rail, "POST", $"/api/agreements/{id}/signatures", Json(new { contentHash = hash }));
        return id;
    }

    private async Task<string> Effective(DealKind kind = DealKind.Assignment)
    {
        var id = await Signed(kind);
        await Ok(Staff, "POST", $"/api/agreements/{id}/record");
        return id;
    }
}

public sealed class MonitoringArrangements(ISweptService service, Sweep sweep) : Arrangements(service, sweep)
{
    public override IReadOnlyDictionary<string, Func<Task<Target>>> All => new Dictionary<string, Func<Task<Target>>>(StringComparer.Ordinal)
    {
        // No body and no route: nothing to spoil; the valid request (a rebuild) is still sent and must succeed.
        ["POST /api/cockpit/rebuild"] = () => Task.FromResult(new Target(Staff, "/api/cockpit/rebuild", null, null)),
        ["POST /api/alerts/{id}/acknowledge"] = async () =>
        {
            var id = await Alert();
            return new Target(Staff, $"/api/alerts/{id}/acknowledge", Json(new { note = "已联系双方核实价格" }), $"/api/alerts/{id}");
        },
        ["POST /api/alerts/{id}/resolve"] = async () =>
        {
            var id = await Alert();
            return new Target(Staff, $"/api/alerts/{id}/resolve", Json(new { resolution = "价格经评估报告确认" }), $"/api/alerts/{id}");
        },
        ["POST /api/valuations"] = () => Task.FromResult(new Target(Uni, "/api/valuations",
            Json(new { ipcCode = "H02M 7/48", dealKind = "Assignment", patentType = "Invention", remainingTermYears = 10m, claimsCount = 10 }), null)),
    };

    /// <summary>A price-vs-asking alert: a deal struck at a tenth of its listing's asking price, as the other services announce them.</summary>
    private async Task<string> Alert()
    {
        var listingId = $"L-{Guid.NewGuid():N}"[..14];
        await Service.Bus.Publish(new ListingPublished(listingId, Uni.OrganisationId, Uni.OrganisationName, "四川", "牵引变流器控制专利", null, "适用于地铁牵引系统。",
            DealKind.Assignment, PricingMethod.Negotiated, TradingMode.Negotiated, 1_000_000m, null, null, null, null, [], Now, Now.AddDays(90), null,
            [new ListedPatent("201910100001.X", "201910100001.X", "牵引变流器控制专利", PatentType.Invention, ["H02M 7/48"], new DateOnly(2019, 1, 1), new DateOnly(2039, 1, 1), 10, false)],
            Now));
        await Eventually(async () =>
        {
            using var response = await Service.As(Staff).GetAsync(new Uri($"/api/cockpit/listings/{listingId}", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, $"listing {listingId} in the cockpit");
        var dealId = $"D-{Guid.NewGuid():N}"[..14];
        await Service.Bus.Publish(new DealStruck(dealId, listingId, Uni.OrganisationId, Rail.OrganisationId, 100_000m, DealKind.Assignment, TradingMode.Negotiated,
            PricingMethod.Negotiated, "双方协商一致成交。", [new PaymentTerm("全款", 100_000m, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(30))], null, Now));
        string? id = null;
        await Eventually(async () =>
        {
            using var response = await Service.As(Staff).GetAsync(new Uri($"/api/alerts?dealId={dealId}", UriKind.Relative));
            var alerts = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            id = alerts.ValueKind == JsonValueKind.Array && alerts.GetArrayLength() > 0 ? alerts[0].GetProperty("alertId").GetString() : null;
            return id is not null;
        }, $"an alert on deal {dealId}");
        return id!;
    }
}
