extern alias listing;
extern alias matching;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.Contract.Agreements;
using IpExchange.Contract.Agreements.Documents;
using IpExchange.Contracts.Agreements;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using Microsoft.AspNetCore.Hosting;
using UglyToad.PdfPig;
using static IpExchange.Contract.Tests.ContractApi;
using PatentNumber = listing::IpExchange.Listing.Patents.PatentNumber;

namespace IpExchange.Contract.Tests;

/// <summary>The Matching service in-process beside the others, on the same broker and virtual host: deals are struck through it.</summary>
public sealed class MatchingHost() : ServiceFactory<matching::Program>("matching")
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:VirtualHost", IsolatedVirtualHost.Name.Value);
    }
}

/// <summary>
/// The market as the deal kinds meet it: the real Listing, Matching and Contract services over the
/// real PostgreSQL and RabbitMQ. The Contract service here is its own instance, whose clock the
/// tests move to reach a licence's end and its royalties' due dates.
/// </summary>
public sealed class Marketplace : IAsyncLifetime
{
    public ContractApi Contract { get; } = new();
    public ListingHost Listing { get; } = new();
    public MatchingHost Matching { get; } = new();
    public MessageLog Heard { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Contract.InitializeAsync(), Listing.InitializeAsync(), Matching.InitializeAsync());
        Heard = await MessageLog.Start(Contract.Bus, typeof(LicenceTookEffect), typeof(LicenceEnded), typeof(RoyaltyReported), typeof(RoyaltyPaid),
            typeof(RoyaltyOverdue), typeof(AgreementStepRecorded), typeof(PaymentReceived), typeof(ContractCompleted), typeof(TransferRegistered));
    }

    public async Task DisposeAsync()
    {
        await Heard.DisposeAsync();
        await Matching.DisposeAsync();
        await Listing.DisposeAsync();
        await Contract.DisposeAsync();
    }
}

/// <summary>
/// Each deal kind from listing to completion, with its own steps and contract text: assignment,
/// exclusive, sole, non-exclusive and open licences, and a contribution in kind paid in equity; a
/// licence's royalties and its end; the signed contract's PDF read back.
/// </summary>
[Collection("contract-api")]
public sealed class DealKindEndToEndTests(Marketplace market) : IClassFixture<Marketplace>
{
    private ContractApi Contract => market.Contract;

    private static readonly DateOnly ChinaToday = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<T> Heard<T>(Func<T, bool> match, string what)
    {
        await Eventually(() => Task.FromResult(market.Heard.OfType<T>().Any(match)), what);
        return market.Heard.OfType<T>().First(match);
    }

    /// <summary>A patent of the university, listed for <paramref name="kind"/> at its price (挂牌转让), approved and known to every service.</summary>
    private async Task<(string Listing, string Patent)> Listed(string kind, string title, object? extra = null, string? patent = null)
    {
        patent ??= await RegisterPatent(title);
        var fields = new Dictionary<string, object?>
        {
            ["title"] = title, ["summary"] = "适用于地铁与高铁牵引系统。", ["patentIds"] = new[] { patent }, ["dealKind"] = kind, ["pricingMethod"] = "Negotiated",
            ["tradingMode"] = "ListingTransfer", ["askingPrice"] = 800_000m, ["listedFrom"] = Day(ChinaToday), ["listedUntil"] = Day(ChinaToday.AddDays(90)),
        };
        foreach (var p in extra?.GetType().GetProperties() ?? [])
        {
            fields[p.Name] = p.GetValue(extra);
        }

        var drafted = await market.Listing.As(Uni).PostAsJsonAsync("/api/listings", fields);
        Assert.True(drafted.StatusCode == HttpStatusCode.Created, await drafted.Content.ReadAsStringAsync());
        var id = (await Body(drafted)).GetProperty("id").GetString()!;
        var submitted = await market.Listing.As(Uni).PostAsync($"/api/listings/{id}/submit", null);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        Assert.True((await market.Listing.As(Staff).PostAsync($"/api/listings/{id}/approve", null)).IsSuccessStatusCode);
        await Contract.ListingKnown(id);
        await Eventually(async () => (await market.Matching.As(Staff).GetAsync($"/api/demands/for-listing/{id}")).IsSuccessStatusCode, "the listing in the Matching catalogue");
        return (id, patent);
    }

    private async Task<string> RegisterPatent(string title)
    {
        var digits = $"20191{Random.Shared.Next(1_000_000, 9_999_999)}";
        var response = await market.Listing.As(Uni).PostAsJsonAsync("/api/patents", new
        {
            number = $"ZL{digits}.{PatentNumber.CheckCharacter(digits)}", title, @abstract = "本发明公开了一种轨道交通牵引变流器的控制方法。",
            ipcCodes = new[] { "H02M 7/48" }, type = "Invention", filingDate = "2019-03-15", grantDate = "2021-08-20", legalStatus = "Valid",
            inventors = new[] { "王强" }, claimsCount = 10,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Body(response)).GetProperty("id").GetString()!;
    }

    /// <summary>The enterprise takes the listing at its price through the Matching service; returns the agreement as drafted.</summary>
    private async Task<JsonElement> Taken(string listingId, Caller buyer)
    {
        var accepted = await market.Matching.As(buyer).PostAsJsonAsync("/api/offers/accept", new { listingId });
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync());
        var dealId = (await Body(accepted)).GetProperty("dealId").GetString()!;
        return await Contract.Agreement($"AG-{dealId}", Uni, _ => true, "the agreement to be drafted");
    }

    private Task<string> Text(string id) => Contract.As(Uni).GetStringAsync($"/api/agreements/{id}/text");

    private async Task<JsonElement> Post(Caller caller, string path, object body)
    {
        var response = await Contract.As(caller).PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {await response.Content.ReadAsStringAsync()}");
        return await Body(response);
    }

    private async Task<JsonElement> Step(Caller caller, string id, string step, string number) =>
        await Post(caller, $"/api/agreements/{id}/steps/{step}", new { documentNumber = number, documentDate = Day(ChinaToday) });

    private async Task<string> ListingStatus(string id) =>
        (await Body(await market.Listing.As(Staff).GetAsync($"/api/listings/{id}"))).GetProperty("status").GetString()!;

    private async Task<JsonElement> Patent(string id) => await Body(await market.Listing.As(Staff).GetAsync($"/api/patents/{id}"));

    private static IEnumerable<string> Names(JsonElement steps) => steps.EnumerateArray().Select(s => s.Str("name"));

    [Fact]
    public async Task An_assignment_goes_from_listing_to_completion_by_its_transfer_registration_and_its_PDF_reads_back()
    {
        var (listingId, patent) = await Listed("Assignment", "一种牵引变流器的冗余控制方法");
        var drafted = await Taken(listingId, Rail);
        var id = drafted.Str("id");
        var text = await Text(id);
        Assert.StartsWith("专利权转让合同", text, StringComparison.Ordinal);
        Assert.Contains("合同总价款为人民币 800,000.00 元", text);
        Assert.Contains("第五条　专利权转移登记", text);
        Assert.DoesNotContain("备案", text);
        Assert.Equal(["专利权转移登记"], Names(drafted.GetProperty("steps")));

        await Contract.SignByBoth(id, drafted.Str("contentHash"));
        var recorded = await Contract.Record(id);
        await Post(Rail, $"/api/agreements/{id}/payments", new { milestone = "M1", amount = 800_000m, reference = "转账-0001" });
        var completed = await Step(Uni, id, "PatentTransferRegistration", "2026112200123");
        Assert.Equal("Completed", completed.Str("status"));
        Assert.Equal("2026112200123", completed.GetProperty("steps")[0].Str("documentNumber"));
        await Eventually(async () => await ListingStatus(listingId) == "Sold", "the listing sold");
        await Eventually(async () => (await Patent(patent)).Str("ownerOrganisationId") == Rail.OrganisationId, "the patent handed to the buyer");

        // The PDF to keep: the same bytes every time, the binding text, the parties, the price, the hash, the signatures, the record number.
        var pdf = await Contract.As(Rail).GetByteArrayAsync($"/api/agreements/{id}/pdf");
        Assert.Equal(pdf, await Contract.As(Staff).GetByteArrayAsync($"/api/agreements/{id}/pdf"));
        var evidence = await Body(await Contract.As(Staff).GetAsync($"/api/agreements/{id}/evidence"));
        var head = evidence.GetProperty("events").EnumerateArray().Last(e => e.Str("event") == "AgreementRecordedByExchange").Str("hash");
        var read = ReadBack(pdf, id, text, completed.Str("contentHash"), head);
        Assert.Contains("西南轨道交通大学", read);
        Assert.Contains("湘通轨道装备股份有限公司", read);
        Assert.Contains("800,000.00", read);
        Assert.Contains(recorded.Str("recordNumber"), read);
        foreach (var signature in completed.GetProperty("signatures").EnumerateArray())
        {
            Assert.Contains(signature.Str("userName"), read);
            Assert.Contains(AgreementPdf.BeijingTime(signature.GetProperty("signedAt").GetDateTimeOffset()).Replace(" ", "", StringComparison.Ordinal), read);
        }
    }

    [Theory]
    [InlineData("ExclusiveLicence", "独占许可", "专利实施许可合同（独占许可）", "Sold")]
    [InlineData("SoleLicence", "排他许可", "专利实施许可合同（排他许可）", "Sold")]
    [InlineData("NonExclusiveLicence", "普通许可", "专利实施许可合同（普通许可）", "Public")]
    [InlineData("OpenLicence", "开放许可", "专利开放许可实施合同", "Public")]
    public async Task A_licence_goes_from_listing_to_completion_by_its_contract_filing_and_is_in_force_for_its_term(string kind, string kindName, string title, string listingAfter)
    {
        var extra = new
        {
            licence = new { termMonths = 36, territory = "湖南省", fieldOfUse = "城市轨道交通车辆牵引系统", sublicensingAllowed = false },
            openLicenceFee = kind == "OpenLicence" ? 50_000m : (decimal?)null,
            openLicenceTerms = kind == "OpenLicence" ? "按公告标准一次性支付许可使用费" : null,
        };
        var (listingId, patent) = await Listed(kind, $"一种牵引电机的温度监测方法（{kindName}）", extra);
        var drafted = await Taken(listingId, Rail);
        var id = drafted.Str("id");
        var text = await Text(id);
        Assert.StartsWith(title, text, StringComparison.Ordinal);
        Assert.Contains("许可期限：36个月", text);
        Assert.Contains("许可地域：湖南省。", text);
        Assert.Contains("第五条　许可合同备案", text);
        Assert.DoesNotContain("著录项目变更", text);
        Assert.Empty(BindingText.LatinWords(text));
        Assert.Equal(["专利实施许可合同备案"], Names(drafted.GetProperty("steps")));

        await Contract.SignByBoth(id, drafted.Str("contentHash"));
        var recorded = await Contract.Record(id);
        var licence = recorded.GetProperty("licence");
        var starts = DateOnly.Parse(licence.Str("startsOn"), CultureInfo.InvariantCulture);
        Assert.Equal(ChinaToday, starts);
        Assert.Equal(starts.AddMonths(36).AddDays(-1), DateOnly.Parse(licence.Str("endsOn"), CultureInfo.InvariantCulture));
        Assert.True(licence.GetProperty("inForce").GetBoolean());
        Assert.Equal(Day(starts.AddMonths(3)), recorded.GetProperty("steps")[0].Str("dueOn"));
        var effect = await Heard<LicenceTookEffect>(m => m.AgreementId == id, "LicenceTookEffect");
        Assert.Equal([patent], effect.PatentNumbers);

        var fee = kind == "OpenLicence" ? 50_000m : 800_000m;
        await Post(Rail, $"/api/agreements/{id}/payments", new { milestone = "M1", amount = fee });
        // The older registration endpoint records a licence's filing under its own name.
        var completed = await Post(Uni, $"/api/agreements/{id}/registration", new { noticeNumber = "备案号 2026990000123", noticeDate = Day(ChinaToday) });
        Assert.Equal("Completed", completed.Str("status"));
        Assert.Equal(("LicenceContractFiling", "备案号 2026990000123"), (completed.GetProperty("steps")[0].Str("step"), completed.GetProperty("steps")[0].Str("documentNumber")));
        Assert.True(completed.GetProperty("licence").GetProperty("inForce").GetBoolean()); // completed, still in force for its term
        await Heard<AgreementStepRecorded>(m => m.AgreementId == id && m.Step == AgreementSteps.LicenceContractFiling, "AgreementStepRecorded");

        await Eventually(async () => await ListingStatus(listingId) == listingAfter, $"the listing {listingAfter}");
        await Eventually(async () => (await Patent(patent)).GetProperty("licences").EnumerateArray()
            .Any(l => l.Str("dealKind") == kind && l.GetProperty("endsOn").ValueKind == JsonValueKind.String), "the licence in force on the patent");
        Assert.Equal(Uni.OrganisationId, (await Patent(patent)).Str("ownerOrganisationId"));
    }

    [Fact]
    public async Task A_granted_open_licence_keeps_an_exclusive_licence_out_after_its_declaration_is_withdrawn()
    {
        var (open, patent) = await Listed("OpenLicence", "一种受电弓碳滑板的磨耗检测方法",
            new { openLicenceFee = 30_000m, openLicenceTerms = "按公告标准支付许可使用费", licence = new { termMonths = 24 } });
        var drafted = await Taken(open, Rail);
        var id = drafted.Str("id");
        await Contract.SignByBoth(id, drafted.Str("contentHash"));
        await Contract.Record(id);
        await Heard<LicenceTookEffect>(m => m.AgreementId == id, "the open licence in force");
        await Eventually(async () => (await Patent(patent)).GetProperty("licences").EnumerateArray().Any(l => l.GetProperty("endsOn").ValueKind == JsonValueKind.String),
            "the Listing service to know the licence in force");

        Assert.Equal(HttpStatusCode.OK, (await market.Listing.As(Uni).PostAsJsonAsync($"/api/listings/{open}/withdraw", new { reason = "撤回开放许可声明" })).StatusCode);
        var exclusive = await market.Listing.As(Uni).PostAsJsonAsync("/api/listings", new
        {
            title = "一种受电弓碳滑板的磨耗检测方法（独占许可）", summary = "独占许可。", patentIds = new[] { patent }, dealKind = "ExclusiveLicence",
            pricingMethod = "Negotiated", tradingMode = "ListingTransfer", askingPrice = 900_000m, listedFrom = Day(ChinaToday), listedUntil = Day(ChinaToday.AddDays(60)),
        });
        var exclusiveId = (await Body(exclusive)).GetProperty("id").GetString()!;
        var refused = await market.Listing.As(Uni).PostAsync($"/api/listings/{exclusiveId}/submit", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("listing.patent-under-open-licence", (await Body(refused)).Rule());
        Assert.True((await Contract.Agreement(id, Rail, _ => true, "the licence")).GetProperty("licence").GetProperty("inForce").GetBoolean());
    }

    [Fact]
    public async Task An_exclusive_licence_settles_its_royalties_year_by_year_and_releases_its_patent_when_its_term_ends()
    {
        var (listingId, patent) = await Listed("ExclusiveLicence", "一种轨道车辆轴承的故障预警方法", new
        {
            licence = new { termMonths = 24, territory = "中华人民共和国境内", fieldOfUse = "轨道车辆", sublicensingAllowed = false, royaltyRate = 0.0325m, minimumAnnualRoyalty = 50_000m },
        });
        var drafted = await Taken(listingId, Rail);
        var id = drafted.Str("id");
        var text = await Text(id);
        Assert.Contains("年度净销售额的 3.25% 向甲方支付提成费；每一许可年度的提成费不低于人民币 50,000.00 元", text);
        await Contract.SignByBoth(id, drafted.Str("contentHash"));
        var recorded = await Contract.Record(id);
        var ends = DateOnly.Parse(recorded.GetProperty("licence").Str("endsOn"), CultureInfo.InvariantCulture);
        await Post(Rail, $"/api/agreements/{id}/payments", new { milestone = "M1", amount = 800_000m });
        Assert.Equal("Completed", (await Step(Uni, id, "LicenceContractFiling", "2026990000456")).Str("status"));
        await Eventually(async () => await ListingStatus(listingId) == "Sold", "the listing sold");

        // While it runs, the patent is held: no other exclusive licence is listed.
        var second = await market.Listing.As(Uni).PostAsJsonAsync("/api/listings", new
        {
            title = "一种轨道车辆轴承的故障预警方法（再许可）", summary = "排他许可。", patentIds = new[] { patent }, dealKind = "SoleLicence", pricingMethod = "Negotiated",
            tradingMode = "ListingTransfer", askingPrice = 500_000m, listedFrom = Day(ChinaToday), listedUntil = Day(ChinaToday.AddDays(60)),
        });
        var secondId = (await Body(second)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await market.Listing.As(Uni).PostAsync($"/api/listings/{secondId}/submit", null)).StatusCode);

        var statement = await Body(await Contract.As(Uni).GetAsync($"/api/agreements/{id}/royalties"));
        Assert.Equal(["Running", "Running"], statement.GetProperty("periods").EnumerateArray().Select(p => p.Str("status")));
        Assert.Equal("royalty.period-not-ended", (await Body(await Contract.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/royalties/reports", new { period = 1, sales = 1m }))).Rule());

        try
        {
            // A year later: year one is reported, computed to the fen and paid.
            Contract.Clock.Offset = TimeSpan.FromDays(367);
            var reported = await Post(Rail, $"/api/agreements/{id}/royalties/reports", new { period = 1, sales = 2_000_000.31m });
            Assert.Equal("Completed", reported.Str("status"));
            var royalty = await Heard<RoyaltyReported>(m => m.AgreementId == id && m.Period == 1, "RoyaltyReported");
            Assert.Equal(65_000.01m, royalty.Royalty); // 2,000,000.31 × 3.25% = 65,000.010075
            Assert.Equal(HttpStatusCode.Forbidden, (await Contract.As(Uni).PostAsJsonAsync($"/api/agreements/{id}/royalties/payments", new { period = 1, amount = 1m })).StatusCode);
            await Post(Rail, $"/api/agreements/{id}/royalties/payments", new { period = 1, amount = 65_000.01m, reference = "提成-第1年" });
            var paid = await Heard<RoyaltyPaid>(m => m.AgreementId == id && m.Period == 1, "RoyaltyPaid");
            Assert.Equal((65_000.01m, 0m, Uni.OrganisationId, listingId), (paid.Amount, paid.Outstanding, paid.LicensorOrganisationId, paid.ListingId));

            // Past the term and year two's due date: the licence ends, year two (never reported) falls overdue.
            Contract.Clock.Offset = AgreementPlan.EndOfChinaDay(ends.AddDays(AgreementPlan.RoyaltyDueDays)) - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
            var ended = await Heard<LicenceEnded>(m => m.AgreementId == id, "LicenceEnded");
            Assert.Equal((LicenceEnded.TermEnded, ends), (ended.Reason, ended.LastDay));
            Assert.Equal([patent], ended.PatentNumbers);
            var overdue = await Heard<RoyaltyOverdue>(m => m.AgreementId == id, "RoyaltyOverdue");
            Assert.Equal((2, (decimal?)null, Rail.OrganisationId), (overdue.Period, overdue.AmountDue, overdue.LicenseeOrganisationId));
            Assert.DoesNotContain(market.Heard.OfType<RoyaltyOverdue>(), m => m.AgreementId == id && m.Period == 1);

            var after = await Body(await Contract.As(Uni).GetAsync($"/api/agreements/{id}/royalties"));
            Assert.Equal(["Paid", "Overdue"], after.GetProperty("periods").EnumerateArray().Select(p => p.Str("status")));
            Assert.Equal(65_000.01m, after.GetProperty("paid").GetDecimal());
            Assert.False((await Contract.Agreement(id, Uni, _ => true, "the agreement")).GetProperty("licence").GetProperty("inForce").GetBoolean());
        }
        finally
        {
            Contract.Clock.Offset = TimeSpan.Zero;
        }

        // The Listing service lets the patent go: another exclusive licence can be listed now.
        await Eventually(async () => (await Patent(patent)).GetProperty("activeListingIds").GetArrayLength() == 0, "the patent released");
        var resubmitted = await market.Listing.As(Uni).PostAsync($"/api/listings/{secondId}/submit", null);
        Assert.True(resubmitted.StatusCode == HttpStatusCode.OK, await resubmitted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_equity_contribution_is_paid_in_shares_and_completes_by_its_registrations_without_cash()
    {
        var (listingId, patent) = await Listed("EquityContribution", "一种高速列车牵引电机的冷却结构",
            new { appraisal = new { appraiser = "巴渝资产评估有限公司", reportNumber = "BY-PG-2026-017", value = 900_000m, date = Day(ChinaToday.AddDays(-20)) } });
        var drafted = await Taken(listingId, Rail);
        var id = drafted.Str("id");
        Assert.Empty(drafted.GetProperty("milestones").EnumerateArray());
        Assert.Equal(0m, drafted.GetProperty("outstanding").GetDecimal());
        Assert.Equal(["被投资方股东会决议", "专利权转移登记", "工商变更登记"], Names(drafted.GetProperty("steps")));
        Assert.Contains("评估报告编号 BY-PG-2026-017", await Text(id));

        // The investee's capital is stated before anyone signs.
        Assert.Equal("agreement.equity-terms-missing", (await Body(await Contract.Sign(Uni, id, drafted.Str("contentHash")))).Rule());
        await Post(Rail, $"/api/agreements/{id}/amendments", new
        {
            equity = new { investeeName = "湘通轨道装备股份有限公司", registeredCapitalBefore = 10_000_000m, registeredCapitalAfter = 10_600_000m },
            reason = "载明增资前后的注册资本",
        });
        var amended = await Post(Uni, $"/api/agreements/{id}/amendments/1/accept", new { });
        var equity = amended.GetProperty("equity");
        Assert.Equal((600_000m, 5.66m, 200_000m), (equity.GetProperty("subscribedCapital").GetDecimal(), equity.GetProperty("percentage").GetDecimal(),
            equity.GetProperty("capitalReserve").GetDecimal()));
        var text = await Text(id);
        Assert.Contains("乙方注册资本由人民币 10,000,000.00 元增加至人民币 10,600,000.00 元", text);
        Assert.Contains("取得乙方增资后 5.66% 的股权", text);
        Assert.Contains("不涉及现金支付", text);
        Assert.DoesNotContain("第四条　价款及支付", text);

        await Contract.SignByBoth(id, amended.Str("contentHash"));
        var recorded = await Contract.Record(id);
        var cash = await Contract.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M1", amount = 800_000m });
        Assert.Equal("payment.no-cash", (await Body(cash)).Rule());
        Assert.Equal("step.out-of-order", (await Body(await Contract.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/steps/BusinessRegistrationChange",
            new { documentNumber = "91430200MA4L000001", documentDate = Day(ChinaToday) }))).Rule());

        await Step(Rail, id, "ShareholderResolution", "湘通股决〔2026〕12号");
        Assert.Equal("Effective", (await Step(Uni, id, "PatentTransferRegistration", "2026112200777")).Str("status"));
        var completed = await Step(Rail, id, "BusinessRegistrationChange", "91430200MA4L000001");
        Assert.Equal("Completed", completed.Str("status"));
        var done = await Heard<ContractCompleted>(m => m.AgreementId == id, "ContractCompleted");
        Assert.Equal(800_000m, done.Price);
        Assert.DoesNotContain(market.Heard.OfType<PaymentReceived>(), m => m.AgreementId == id);
        await Eventually(async () => await ListingStatus(listingId) == "Sold", "the listing sold");
        await Eventually(async () => (await Patent(patent)).Str("ownerOrganisationId") == Rail.OrganisationId, "the patent registered to the investee");

        var pdf = await Contract.As(Uni).GetByteArrayAsync($"/api/agreements/{id}/pdf");
        var evidence = await Body(await Contract.As(Staff).GetAsync($"/api/agreements/{id}/evidence"));
        var head = evidence.GetProperty("events").EnumerateArray().Last(e => e.Str("event") == "AgreementRecordedByExchange").Str("hash");
        var read = ReadBack(pdf, id, text, amended.Str("contentHash"), head);
        Assert.Contains("作价人民币800,000.00元出资", read);
        Assert.Contains("5.66%", read);
        Assert.Contains(recorded.Str("recordNumber"), read);
        Assert.Contains("王老师", read);
        Assert.Contains("张经理", read);
    }

    /// <summary>
    /// Reads the PDF back with PdfPig: every page carries the content hash and the chain head; the
    /// binding text is printed whole (every line found, white space aside, once the running header
    /// and footer are taken out) and holds no Latin words beyond codes. Returns the text read,
    /// without white space.
    /// </summary>
    private static string ReadBack(byte[] pdf, string agreementId, string bindingText, string contentHash, string chainHead)
    {
        static string Squeeze(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
        using var document = PdfDocument.Open(pdf);
        var title = bindingText.Split('\n')[0];
        var body = new List<string>();
        foreach (var page in document.GetPages())
        {
            var text = Squeeze(page.Text);
            Assert.Contains(Squeeze($"内容哈希 SHA-256：{contentHash}"), text);
            Assert.Contains(Squeeze($"存证链头：{chainHead}"), text);
            text = text.Replace(Squeeze($"内容哈希 SHA-256：{contentHash}"), "", StringComparison.Ordinal)
                .Replace(Squeeze($"存证链头：{chainHead}"), "", StringComparison.Ordinal)
                .Replace(Squeeze($"第 {page.Number} 页 / 共 {document.NumberOfPages} 页"), "", StringComparison.Ordinal);
            body.Add(page.Number > 1 ? text.Replace(Squeeze(title + agreementId), "", StringComparison.Ordinal) : text);
        }

        var all = string.Concat(body);
        foreach (var line in bindingText.Split('\n').Where(l => l.Length > 0))
        {
            Assert.Contains(Squeeze(line), all);
        }

        Assert.Empty(BindingText.LatinWords(bindingText));
        return all;
    }
}
