using System.Net;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Monitoring.Alerts;
using IpExchange.Testing;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>Each alert rule over the real bus: raised past its threshold, not raised just below it.</summary>
[Collection("monitoring-api")]
public sealed class AlertRuleTests(MonitoringApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus, typeof(Contracts.Monitoring.AlertRaised));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    [Fact]
    public async Task A_price_more_than_30_percent_from_the_asking_price_is_raised_and_exactly_30_percent_is_not()
    {
        var far = Listing(asking: 1_000_000m);
        var edge = Listing(asking: 1_000_000m);
        var farDeal = Deal(far, price: 1_310_000m);
        var edgeDeal = Deal(edge, price: 700_000m);
        await api.Send(far, edge);
        await Eventually(async () => await api.HasListing(far.ListingId) && await api.HasListing(edge.ListingId), "the listings");
        await api.Send(farDeal, edgeDeal);
        await Eventually(async () => await api.DealStage(edgeDeal.DealId) == "Struck" && await api.DealStage(farDeal.DealId) == "Struck", "the deals");

        await Eventually(async () => (await api.Alerts(farDeal.DealId, AlertRules.PriceVsAsking)).Length == 1, "the price alert");
        var alert = (await api.Alerts(farDeal.DealId, AlertRules.PriceVsAsking)).Single();
        var evidence = alert.GetProperty("evidence");
        Assert.Equal(1_310_000m, evidence.GetProperty("price").GetDecimal());
        Assert.Equal(1_000_000m, evidence.GetProperty("askingPrice").GetDecimal());
        Assert.Equal(0.31m, evidence.GetProperty("deviation").GetDecimal());
        Assert.Equal(2, evidence.GetProperty("messages").GetArrayLength());
        Assert.Equal("Raised", alert.GetProperty("status").GetString());
        Assert.Equal($"/api/audit/deals/{farDeal.DealId}", alert.GetProperty("link").GetString());
        Assert.Contains("偏离挂牌价", alert.GetProperty("summary").GetString(), StringComparison.Ordinal);
        await Eventually(() => Task.FromResult(_heard.OfType<Contracts.Monitoring.AlertRaised>().Any(a => a.DealId == farDeal.DealId && a.Rule == AlertRules.PriceVsAsking)),
            "AlertRaised on the bus");

        Assert.Empty(await api.Alerts(edgeDeal.DealId));
    }

    [Fact]
    public async Task A_deal_heard_of_before_its_listing_is_checked_when_the_listing_is_published()
    {
        var listing = Listing(asking: 1_000_000m);
        var deal = Deal(listing, price: 1_500_000m);
        await api.Phase(deal);
        Assert.Empty(await api.Alerts(deal.DealId));

        await api.Phase(listing);
        await Eventually(async () => (await api.Alerts(deal.DealId, AlertRules.PriceVsAsking)).Length == 1, "the price alert");
        var evidence = (await api.Alerts(deal.DealId, AlertRules.PriceVsAsking)).Single().GetProperty("evidence");
        Assert.Equal(0.5m, evidence.GetProperty("deviation").GetDecimal());
        Assert.Equal(2, evidence.GetProperty("messages").GetArrayLength()); // the listing's message and the deal's
    }

    [Fact]
    public async Task Two_bidders_of_one_group_in_an_auction_raise_an_alert_bidders_of_different_groups_do_not()
    {
        var listing = Listing();
        var (together, apart) = (NewId("AU"), NewId("AU"));
        var t = DateTimeOffset.UtcNow;
        await api.Send(
            Bid(together, listing.ListingId, "org-xtrail", "湘通集团", 1_000_000m, t),
            Bid(together, listing.ListingId, "org-xtsemi", "湘通集团", 1_050_000m, t.AddMinutes(5)),
            Bid(apart, listing.ListingId, "org-xtrail", "湘通集团", 1_000_000m, t),
            Bid(apart, listing.ListingId, "org-ljtool", "渌江矿冶集团", 1_050_000m, t.AddMinutes(5)),
            Bid(apart, listing.ListingId, "org-xtrail", "湘通集团", 1_100_000m, t.AddMinutes(10)));

        await Eventually(async () => (await AuctionAlerts(together, AlertRules.SameGroupBidders)).Length == 1, "the same-group alert");
        var alert = (await AuctionAlerts(together, AlertRules.SameGroupBidders)).Single();
        Assert.Equal("湘通集团", alert.GetProperty("evidence").GetProperty("group").GetString());
        Assert.Equal(["org-xtrail", "org-xtsemi"], alert.GetProperty("evidence").GetProperty("organisations").EnumerateArray().Select(o => o.GetString()));

        await Eventually(async () => await BidsOf(apart) == 3, "the other auction's bids");
        Assert.Empty(await AuctionAlerts(apart, AlertRules.SameGroupBidders));
    }

    [Fact]
    public async Task Five_bids_within_a_minute_are_a_burst_four_are_not()
    {
        var listing = Listing();
        var (burst, calm) = (NewId("AU"), NewId("AU"));
        var t = DateTimeOffset.UtcNow.AddMinutes(-10);
        await api.Send(Enumerable.Range(0, 5).Select(i => (object)Bid(burst, listing.ListingId, $"org-b{i}", null, 1_000_000m + (i * 10_000m), t.AddSeconds(i * 12))).ToArray());
        // Four inside any minute: the fifth comes 70 s after the first, 60 s after the second.
        await api.Send(new[] { 0, 10, 20, 30, 70 }.Select((s, i) => (object)Bid(calm, listing.ListingId, $"org-c{i}", null, 1_000_000m + (i * 10_000m), t.AddSeconds(s))).ToArray());

        await Eventually(async () => (await AuctionAlerts(burst, AlertRules.BidBurst)).Length == 1, "the burst alert");
        var evidence = (await AuctionAlerts(burst, AlertRules.BidBurst)).Single().GetProperty("evidence");
        Assert.Equal(5, evidence.GetProperty("bids").GetInt32());
        Assert.Equal(5, evidence.GetProperty("messages").GetArrayLength());

        await Eventually(async () => await BidsOf(calm) == 5, "the calm auction's bids");
        Assert.Empty(await AuctionAlerts(calm, AlertRules.BidBurst));
    }

    [Fact]
    public async Task A_patent_expiring_within_a_year_in_an_assignment_is_raised_one_day_later_or_in_a_licence_is_not()
    {
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var near = Listing(expiresOn: today.AddDays(365));
        var later = Listing(expiresOn: today.AddDays(366));
        var licence = Listing(expiresOn: today.AddDays(100), kind: DealKind.NonExclusiveLicence);
        await api.Send(near, later, licence);
        await Eventually(async () => await api.HasListing(licence.ListingId), "the listings");
        var (nearDeal, laterDeal, licenceDeal) = (Deal(near, at: now), Deal(later, at: now), Deal(licence, at: now));
        await api.Send(nearDeal, laterDeal, licenceDeal);

        await Eventually(async () => (await api.Alerts(nearDeal.DealId, AlertRules.NearExpiry)).Length == 1, "the expiry alert");
        var evidence = (await api.Alerts(nearDeal.DealId, AlertRules.NearExpiry)).Single().GetProperty("evidence");
        Assert.Equal(365, evidence.GetProperty("daysLeft").GetInt32());
        await Eventually(async () => await api.DealStage(licenceDeal.DealId) == "Struck" && await api.DealStage(laterDeal.DealId) == "Struck", "the other deals");
        Assert.Empty(await api.Alerts(laterDeal.DealId));
        Assert.Empty(await api.Alerts(licenceDeal.DealId));
    }

    [Fact]
    public async Task A_pledged_patent_in_an_assignment_is_raised_in_a_non_exclusive_licence_it_is_not()
    {
        var assigned = Listing(pledged: true);
        var licensed = Listing(pledged: true, kind: DealKind.NonExclusiveLicence);
        await api.Send(assigned, licensed);
        await Eventually(async () => await api.HasListing(licensed.ListingId), "the listings");
        var (assignment, licence) = (Deal(assigned), Deal(licensed));
        await api.Send(assignment, licence);

        await Eventually(async () => (await api.Alerts(assignment.DealId, AlertRules.PledgedAssignment)).Length == 1, "the pledge alert");
        await Eventually(async () => await api.DealStage(licence.DealId) == "Struck", "the licence");
        Assert.Empty(await api.Alerts(licence.DealId));
    }

    [Fact]
    public async Task A_deal_unsigned_past_its_signing_deadline_is_stuck_one_still_within_it_is_not()
    {
        var now = DateTimeOffset.UtcNow;
        var (late, onTime) = (Listing(), Listing());
        await api.Send(late, onTime);
        await Eventually(async () => await api.HasListing(onTime.ListingId), "the listings");
        var (lateDeal, onTimeDeal) = (Deal(late, at: now.AddDays(-2)), Deal(onTime, at: now.AddDays(-2)));
        await api.Send(lateDeal, onTimeDeal);
        await Eventually(async () => await api.DealStage(onTimeDeal.DealId) == "Struck" && await api.DealStage(lateDeal.DealId) == "Struck", "the deals");
        await api.Send(Drafted(lateDeal, now.AddDays(-1), signingDeadline: now.AddSeconds(-1)), Drafted(onTimeDeal, now.AddDays(-1), signingDeadline: now.AddHours(1)));

        await Eventually(async () => (await api.Alerts(lateDeal.DealId, AlertRules.DealStuck)).Length == 1, "the stuck alert");
        await api.Settled(); // the finding is in the deal's stream with the alert; its document follows in the daemon
        var stuck = (await api.Get(Staff, "/api/cockpit/deals?stuck=true")).EnumerateArray().Select(d => d.GetProperty("dealId").GetString()).ToList();
        Assert.Contains(lateDeal.DealId, stuck);
        Assert.DoesNotContain(onTimeDeal.DealId, stuck);
        Assert.Equal("Drafted", (await api.Alerts(lateDeal.DealId, AlertRules.DealStuck)).Single().GetProperty("evidence").GetProperty("stage").GetString());
        Assert.Empty(await api.Alerts(onTimeDeal.DealId));

        // Signing at last moves the deal on and it is no longer stuck (the alert stays for the record).
        await api.Send(SignedBy(lateDeal, lateDeal.SellerOrganisationId, false, now));
        await api.Phase(SignedBy(lateDeal, lateDeal.BuyerOrganisationId, true, now.AddSeconds(1)));
        await Eventually(async () => await api.DealStage(lateDeal.DealId) == "Signed", "the signatures");
        Assert.False((await api.Deal(lateDeal.DealId))!.Value.GetProperty("stuck").GetBoolean());
    }

    [Fact]
    public async Task An_amendment_moves_the_signing_deadline_so_the_amended_deal_is_not_stuck_at_the_old_one()
    {
        var now = DateTimeOffset.UtcNow;
        var (amended, plain) = (Listing(), Listing());
        await api.Send(amended, plain);
        await Eventually(async () => await api.HasListing(amended.ListingId) && await api.HasListing(plain.ListingId), "the listings");
        var (amendedDeal, plainDeal) = (Deal(amended, at: now), Deal(plain, at: now));
        await api.Send(amendedDeal, plainDeal);
        await Eventually(async () => await api.DealStage(amendedDeal.DealId) == "Struck" && await api.DealStage(plainDeal.DealId) == "Struck", "the deals");

        // Both drafted with a deadline a few seconds away; the parties of one agree an amendment,
        // which restarts its signing deadline an hour later.
        var old = DateTimeOffset.UtcNow.AddSeconds(12); // room for the drafting and the amendment to be heard on a busy machine
        await api.Send(Drafted(amendedDeal, now, signingDeadline: old), Drafted(plainDeal, now, signingDeadline: old));
        await Eventually(async () => await api.DealStage(amendedDeal.DealId) == "Drafted", "the drafting");
        var restarted = DateTimeOffset.UtcNow.AddHours(1);
        await api.Send(new AgreementAmended($"A-{amendedDeal.DealId}", amendedDeal.DealId, "hash-2", amendedDeal.Price, DateTimeOffset.UtcNow, restarted));

        await Eventually(async () => (await api.Alerts(plainDeal.DealId, AlertRules.DealStuck)).Length == 1, "the unamended deal stuck at the old deadline");
        await Eventually(async () => (await api.Deal(amendedDeal.DealId))!.Value.GetProperty("signingDeadline").GetDateTimeOffset().ToUnixTimeSeconds() == restarted.ToUnixTimeSeconds(),
            "the amendment");
        await api.DeadlinesPassed(); // the old deadline is past: had it still been the amended deal's, it would have fired by now
        Assert.Empty(await api.Alerts(amendedDeal.DealId, AlertRules.DealStuck));
        var row = (await api.Deal(amendedDeal.DealId))!.Value;
        Assert.False(row.GetProperty("stuck").GetBoolean());
        Assert.Equal(restarted.ToUnixTimeSeconds(), row.GetProperty("signingDeadline").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task An_amendment_heard_before_its_drafting_still_sets_the_signing_deadline()
    {
        var now = DateTimeOffset.UtcNow;
        var listing = Listing();
        await api.Phase(listing);
        var deal = Deal(listing, at: now);
        await api.Phase(deal);
        var restarted = now.AddHours(1);
        await api.Phase(new AgreementAmended($"A-{deal.DealId}", deal.DealId, "hash-2", deal.Price, now.AddMinutes(1), restarted));
        await api.Phase(Drafted(deal, now, signingDeadline: now.AddMinutes(30)));

        var row = (await api.Deal(deal.DealId))!.Value;
        Assert.Equal("Drafted", row.GetProperty("stage").GetString());
        Assert.Equal(restarted.ToUnixTimeSeconds(), row.GetProperty("signingDeadline").GetDateTimeOffset().ToUnixTimeSeconds());
        // The drafting, heard last, did not move the deadline timer back to its own.
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<EventStore.EventStore>(api.Services);
        await using var cmd = store.DataSource.CreateCommand(store.Sql("SELECT due_at FROM {schema}.timers WHERE kind = 'deal-deadline' AND key = $1"));
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = $"{deal.DealId}:Drafted:A-{deal.DealId}" });
        Assert.Equal(restarted.ToUnixTimeSeconds(), new DateTimeOffset((DateTime)(await cmd.ExecuteScalarAsync())!, TimeSpan.Zero).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task An_overdue_payment_makes_the_deal_stuck()
    {
        var now = DateTimeOffset.UtcNow;
        var listing = Listing();
        var deal = Deal(listing, at: now.AddDays(-2));
        await api.Send(listing);
        await Eventually(() => api.HasListing(listing.ListingId), "the listing");
        await api.Phase(deal);
        await api.Phase(Drafted(deal, now.AddDays(-1.5), signingDeadline: now.AddDays(5)));
        await api.Phase(SignedBy(deal, deal.BuyerOrganisationId, true, now.AddDays(-1)));
        await api.Phase(Recorded(deal, now.AddDays(-0.5)));
        await Eventually(async () => await api.DealStage(deal.DealId) == "Recorded", "the recording");
        await api.Send(new PaymentOverdue($"A-{deal.DealId}", deal.DealId, deal.BuyerOrganisationId, "首付款", 300_000m, DateOnly.FromDateTime(now.AddDays(-2).UtcDateTime), now));

        await Eventually(async () => (await api.Alerts(deal.DealId, AlertRules.DealStuck)).Length == 1, "the overdue alert");
        await api.Settled();
        var row = (await api.Deal(deal.DealId))!.Value;
        Assert.True(row.GetProperty("stuck").GetBoolean());
        Assert.Contains("首付款", row.GetProperty("stuckReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_acknowledge_then_resolve_an_alert_and_a_wrong_transition_is_409()
    {
        var listing = Listing(asking: 500_000m);
        await api.Send(listing);
        await Eventually(() => api.HasListing(listing.ListingId), "the listing");
        var deal = Deal(listing, price: 100_000m);
        await api.Send(deal);
        await Eventually(async () => (await api.Alerts(deal.DealId, AlertRules.PriceVsAsking)).Length == 1, "the alert");
        var id = (await api.Alerts(deal.DealId, AlertRules.PriceVsAsking)).Single().GetProperty("alertId").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Uni).PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Rail).GetAsync("/api/alerts")).StatusCode);

        var acknowledged = await api.As(Staff).PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "核实中 checking the appraisal" });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var body = await Body(acknowledged);
        Assert.Equal("Acknowledged", body.GetProperty("status").GetString());
        Assert.Equal("审核员", body.GetProperty("acknowledgedBy").GetString());
        // The alert's document carries its stream's version: raised, then acknowledged.
        Assert.Equal("\"2\"", acknowledged.Headers.ETag?.Tag);
        Assert.Equal("\"2\"", (await api.As(Staff).GetAsync($"/api/alerts/{id}")).Headers.ETag?.Tag);

        var again = await api.As(Staff).PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Acknowledged", (await Body(again)).GetProperty("status").GetString());

        var noReason = await api.As(Staff).PostAsJsonAsync($"/api/alerts/{id}/resolve", new { resolution = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await Body(noReason)).GetProperty("errors").TryGetProperty("resolution", out _));

        var resolved = await api.As(Staff).PostAsJsonAsync($"/api/alerts/{id}/resolve", new { resolution = "评估报告支持该价格 the appraisal supports the price" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        body = await Body(resolved);
        Assert.Equal("Resolved", body.GetProperty("status").GetString());
        Assert.Equal("审核员", body.GetProperty("resolvedBy").GetString());
        Assert.StartsWith("评估报告", body.GetProperty("resolution").GetString(), StringComparison.Ordinal);

        var twice = await api.As(Staff).PostAsJsonAsync($"/api/alerts/{id}/resolve", new { resolution = "again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("alert.resolved", (await Body(twice)).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Staff).PostAsJsonAsync("/api/alerts/nope/acknowledge", new { note = "x" })).StatusCode);

        Assert.Contains((await api.Get(Staff, "/api/alerts?status=Resolved")).EnumerateArray(), a => a.GetProperty("alertId").GetString() == id);
    }

    private async Task<JsonElement[]> AuctionAlerts(string auctionId, string rule) =>
        (await api.Alerts(rule: rule)).Where(a => a.GetProperty("auctionId").GetString() == auctionId).ToArray();

    private Task<int> BidsOf(string auctionId) => api.AuctionBids(auctionId);
}
