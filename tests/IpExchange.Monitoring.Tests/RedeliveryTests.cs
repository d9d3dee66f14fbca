using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>The same message delivered twice (same MessageId) changes nothing the second time.</summary>
[Collection("monitoring-api")]
public sealed class RedeliveryTests(MonitoringApi api)
{
    [Fact]
    public async Task A_redelivered_payment_or_deal_is_kept_once()
    {
        var now = DateTimeOffset.UtcNow;
        var listing = Listing(asking: 600_000m);
        await api.Phase(listing);
        var deal = Deal(listing, at: now.AddHours(-3));
        var struckId = Guid.NewGuid();
        await api.SendWithId(deal, struckId);
        await Eventually(async () => await api.DealStage(deal.DealId) == "Struck", "the deal");
        await api.Phase(Drafted(deal, now.AddHours(-2)));
        await api.Phase(SignedBy(deal, deal.BuyerOrganisationId, true, now.AddHours(-1)));
        await api.Phase(Recorded(deal, now.AddMinutes(-30)));

        var payment = Paid(deal, 200_000m, 400_000m, now);
        var paymentId = Guid.NewGuid();
        await api.SendWithId(payment, paymentId);
        await Eventually(async () => await api.DealStage(deal.DealId) == "Paying", "the payment");
        var factsAfterFirst = await api.Facts();

        await api.SendWithId(payment, paymentId);
        await api.SendWithId(deal, struckId);
        // A later, different message shows the duplicates were consumed before it.
        var marker = Listing();
        await api.Phase(marker);

        Assert.Equal(factsAfterFirst + 1, await api.Facts());
        var row = (await api.Deal(deal.DealId))!.Value;
        Assert.Equal(200_000m, row.GetProperty("paidAmount").GetDecimal());
        Assert.Equal(400_000m, row.GetProperty("outstanding").GetDecimal());
        var audit = await api.Get(Staff, $"/api/audit/deals/{deal.DealId}");
        var types = audit.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("eventType").GetString()).ToList();
        Assert.Equal(1, types.Count(t => t == "PaymentReceived"));
        Assert.Equal(1, types.Count(t => t == "DealStruck"));
    }
}
