extern alias listing;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Testing;
using Microsoft.AspNetCore.Hosting;
using static IpExchange.Contract.Tests.ContractApi;
using PatentNumber = listing::IpExchange.Listing.Patents.PatentNumber;

namespace IpExchange.Contract.Tests;

/// <summary>The Listing service in-process beside the Contract service, on the same broker and virtual host.</summary>
public sealed class ListingHost() : ServiceFactory<listing::Program>("listing")
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:VirtualHost", IsolatedVirtualHost.Name.Value);
    }

    /// <summary>Registers a patent of the university and lists it; the exchange approves it, so ListingPublished goes out.</summary>
    public async Task<string> PublicListing(string title)
    {
        var digits = $"20191{Random.Shared.Next(1_000_000, 9_999_999)}";
        var number = $"ZL{digits}.{PatentNumber.CheckCharacter(digits)}";
        var patent = await As(Uni).PostAsJsonAsync("/api/patents", new
        {
            number, title, titleEn = (string?)null, @abstract = "本发明公开了一种轨道交通牵引变流器的控制方法。", abstractEn = (string?)null,
            ipcCodes = new[] { "H02M 7/48" }, type = "Invention", filingDate = "2019-03-15", grantDate = "2021-08-20", legalStatus = "Valid",
            inventors = new[] { "王强" }, claimsCount = 10,
        });
        Assert.True(patent.StatusCode == HttpStatusCode.Created, await patent.Content.ReadAsStringAsync());
        var patentId = (await Body(patent)).GetProperty("id").GetString()!;
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var drafted = await As(Uni).PostAsJsonAsync("/api/listings", new
        {
            title, summary = "适用于地铁牵引系统。", patentIds = new[] { patentId }, dealKind = "Assignment", pricingMethod = "Negotiated",
            tradingMode = "Negotiated", askingPrice = 800_000m,
            listedFrom = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), listedUntil = today.AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        Assert.True(drafted.StatusCode == HttpStatusCode.Created, await drafted.Content.ReadAsStringAsync());
        var id = (await Body(drafted)).GetProperty("id").GetString()!;
        Assert.True((await As(Uni).PostAsync($"/api/listings/{id}/submit", null)).IsSuccessStatusCode);
        var approved = await As(Staff).PostAsync($"/api/listings/{id}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return id;
    }

    public async Task WaitForStatus(string listingId, string status) =>
        await Eventually(async () => (await Body(await As(Staff).GetAsync($"/api/listings/{listingId}"))).GetProperty("status").GetString() == status,
            $"listing {listingId} to be {status}");
}

/// <summary>
/// The real Listing service reserves the listing for the deal, and sells it when the agreement
/// completes or reopens it when the agreement is cancelled: both services over the real RabbitMQ.
/// </summary>
[Collection("contract-api")]
public sealed class ListingEndToEndTests(ContractApi api) : IAsyncLifetime
{
    private readonly ListingHost _listing = new();

    public Task InitializeAsync() => _listing.InitializeAsync();

    public async Task DisposeAsync() => await _listing.DisposeAsync();

    private async Task<(DealStruck Deal, string Hash)> Reserved(string title)
    {
        var listingId = await _listing.PublicListing(title);
        await api.ListingKnown(listingId); // the Contract service learns the patents and the owner's name from ListingPublished
        var deal = Deal(listingId, price: 800_000m, schedule: [new PaymentTerm("合同价款", 800_000m, Today.AddDays(30))]);
        var drafted = await api.Draft(deal);
        await _listing.WaitForStatus(listingId, "Reserved");
        return (deal, drafted.Str("contentHash"));
    }

    [Fact]
    public async Task A_completed_agreement_leaves_the_listing_sold()
    {
        var (deal, hash) = await Reserved("一种轨道交通牵引变流器的控制方法（端到端）");
        var id = AgreementId(deal);
        Assert.Contains("一种轨道交通牵引变流器的控制方法（端到端）", await api.As(Uni).GetStringAsync($"/api/agreements/{id}/text"));
        await api.SignByBoth(id, hash);
        await api.Record(id);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M1", amount = 800_000m })).StatusCode);
        var registered = await Body(await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/registration", new { noticeNumber = "2026101500999", noticeDate = Today }));
        Assert.Equal("Completed", registered.Str("status"));
        await _listing.WaitForStatus(deal.ListingId, "Sold");
    }

    [Fact]
    public async Task A_cancelled_agreement_reopens_the_listing()
    {
        var (deal, _) = await Reserved("一种牵引电机温度监测装置（端到端）");
        var cancelled = await api.As(Staff).PostAsJsonAsync($"/api/agreements/{AgreementId(deal)}/cancellation", new { reason = "受让方资格审查未通过" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await _listing.WaitForStatus(deal.ListingId, "Public");
    }
}
