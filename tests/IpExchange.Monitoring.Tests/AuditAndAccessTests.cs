using System.Net;
using System.Text.Json;
using IpExchange.Contracts.Auctions;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

[Collection("monitoring-api")]
public sealed class AuditAndAccessTests(MonitoringApi api)
{
    [Fact]
    public async Task The_audit_shows_a_deals_whole_timeline_across_services_in_order_with_every_chain_intact()
    {
        var t = DateTimeOffset.UtcNow.AddHours(-6);
        var listing = Listing(at: t);
        var auction = NewId("AU");
        await api.Phase(listing);
        await api.Phase(Bid(auction, listing.ListingId, "org-xtrail", "湘通集团", 1_000_000m, t.AddHours(1)));
        await api.Phase(Bid(auction, listing.ListingId, "org-xtsemi", "湘通集团", 1_100_000m, t.AddHours(1.5)));
        await api.Phase(new AuctionEnded(auction, listing.ListingId, "Sold", "org-xtsemi", 1_100_000m, 2, t.AddHours(2)));
        var deal = Deal(listing, "org-xtsemi", 1_100_000m, at: t.AddHours(2));
        await api.Phase(deal);
        await api.Phase(Drafted(deal, t.AddHours(3)));
        await api.Phase(SignedBy(deal, deal.SellerOrganisationId, false, t.AddHours(3.5)));
        await api.Phase(SignedBy(deal, deal.BuyerOrganisationId, true, t.AddHours(4)));

        var audit = await api.Get(Staff, $"/api/audit/deals/{deal.DealId}");
        Assert.Equal(listing.ListingId, audit.GetProperty("listingId").GetString());
        Assert.Equal([auction], audit.GetProperty("auctionIds").EnumerateArray().Select(a => a.GetString()));
        // The alert was raised when the cockpit heard the second bid: now, after the rest of the (older) record.
        // Only this test's facts: a Contract or Matching service under test elsewhere on the same broker may answer the deal too.
        var timeline = audit.GetProperty("timeline").EnumerateArray().Where(Ours).ToList();
        Assert.Equal(
            ["ListingPublished", "AuctionBidAccepted", "AuctionBidAccepted", "AuctionEnded", "DealStruck", "AgreementDrafted", "AgreementSigned", "AgreementSigned", "AlertRaised"],
            timeline.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal(["listing", "matching", "matching", "matching", "matching", "contract", "contract", "contract", "monitoring"],
            timeline.Select(e => e.GetProperty("sourceService").GetString()));
        var times = timeline.Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(timeline.Where(e => e.GetProperty("sourceService").GetString() != "monitoring"), e => Assert.NotEqual(JsonValueKind.Null, e.GetProperty("messageId").ValueKind));
        Assert.Equal(1_100_000m, timeline.Single(e => e.GetProperty("eventType").GetString() == "DealStruck").GetProperty("data").GetProperty("price").GetDecimal());

        var verification = audit.GetProperty("verification").EnumerateArray().ToList();
        Assert.Equal(4, verification.Count); // the deal, its listing, its auction, the auction's alert
        Assert.All(verification, v => Assert.True(v.GetProperty("isIntact").GetBoolean()));
        Assert.True(audit.GetProperty("allIntact").GetBoolean());

        var sources = audit.GetProperty("sources").EnumerateArray().ToDictionary(c => c.GetProperty("stream").GetString()!);
        Assert.Equal("intact", sources[$"listing-{listing.ListingId}"].GetProperty("status").GetString());
        Assert.Equal("listing", sources[$"listing-{listing.ListingId}"].GetProperty("service").GetString());
        Assert.True(sources[$"listing-{listing.ListingId}"].GetProperty("eventsChecked").GetInt64() >= 1);
        Assert.Equal("intact", sources[$"auction-{auction}"].GetProperty("status").GetString());
        Assert.Equal(3, sources[$"auction-{auction}"].GetProperty("eventsChecked").GetInt64());
        Assert.Equal("not-configured", sources[$"agreement A-{deal.DealId}"].GetProperty("status").GetString());

        // The evidence endpoint itself is for exchange staff only.
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Rail).GetAsync($"/api/evidence/streams/auction-{auction}")).StatusCode);
        var evidence = await api.Get(Staff, $"/api/evidence/streams/auction-{auction}");
        Assert.Equal(["AuctionBidAccepted", "AuctionBidAccepted", "AuctionEnded"], evidence.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventType").GetString()));

        // Tampering with a stored fact shows in the verification.
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<EventStore.EventStore>(api.Services);
        await using (var tamper = store.DataSource.CreateCommand(store.Sql(
            "UPDATE {schema}.mt_events SET data = jsonb_set(data, '{price}', '1') WHERE stream_id = @s AND type = 'DealStruck'")))
        {
            tamper.Parameters.AddWithValue("s", $"deal-{deal.DealId}");
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var tampered = await api.Get(Staff, $"/api/audit/deals/{deal.DealId}");
        Assert.False(tampered.GetProperty("allIntact").GetBoolean());
        var broken = tampered.GetProperty("verification").EnumerateArray().Single(v => !v.GetProperty("isIntact").GetBoolean());
        Assert.Equal($"deal-{deal.DealId}", broken.GetProperty("streamId").GetString());
        Assert.Equal(1, broken.GetProperty("brokenAtVersion").GetInt64());

        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Staff).GetAsync("/api/audit/deals/no-such-deal")).StatusCode);
    }

    [Fact]
    public async Task A_university_or_enterprise_sees_its_own_deals_only()
    {
        var listing = Listing(owner: "org-swrtu");
        await api.Phase(listing);
        var deal = Deal(listing, "org-xtrail");
        await api.Phase(deal);

        Assert.Contains(await MyDealIds(Uni), id => id == deal.DealId);
        Assert.Contains(await MyDealIds(Rail), id => id == deal.DealId);
        Assert.DoesNotContain(await MyDealIds(Tools), id => id == deal.DealId);
        Assert.DoesNotContain(await MyDealIds(OtherUni), id => id == deal.DealId);
        Assert.All((await api.Get(Rail, "/api/my-deals")).EnumerateArray(),
            d => Assert.True(d.GetProperty("buyerOrganisationId").GetString() == "org-xtrail" || d.GetProperty("sellerOrganisationId").GetString() == "org-xtrail"));

        var one = await api.Get(Rail, $"/api/my-deals/{deal.DealId}");
        Assert.Equal("Struck", one.GetProperty("stage").GetString());
        Assert.Equal(1_000_000m, one.GetProperty("price").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).GetAsync($"/api/my-deals/{deal.DealId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.As(null).GetAsync("/api/my-deals")).StatusCode);
    }

    private static bool Ours(JsonElement entry) =>
        entry.GetProperty("eventType").GetString() != "StrongMatchFound"
        && (!entry.GetProperty("data").TryGetProperty("agreementId", out var agreement) || agreement.GetString()!.StartsWith("A-D-", StringComparison.Ordinal));

    private async Task<List<string?>> MyDealIds(IpExchange.ServiceDefaults.Caller caller) =>
        (await api.Get(caller, "/api/my-deals")).EnumerateArray().Select(d => d.GetProperty("dealId").GetString()).ToList();
}
