using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Finance;
using IpExchange.Monitoring.Alerts;
using IpExchange.Testing;
using MassTransit;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>
/// A message some service's consumer cannot process: MassTransit moves it to the queue's _error
/// queue and publishes Fault&lt;T&gt;; the cockpit raises an alert naming the consumer and marks the
/// deal stuck. Here a consumer on the real bus plays the Contract service failing on one deal.
/// </summary>
[Collection("monitoring-api")]
public sealed class DeliveryFaultTests(MonitoringApi api)
{
    [Fact]
    public async Task A_deal_whose_message_a_consumer_cannot_process_raises_an_alert_and_shows_as_stuck()
    {
        var now = DateTimeOffset.UtcNow;
        var listing = Listing();
        var deal = Deal(listing, at: now.AddMinutes(-5));
        var queue = $"failing-deal-struck-{Guid.NewGuid():N}"[..36];
        var failing = api.Bus.ConnectReceiveEndpoint(queue, e => e.Handler<DealStruck>(context =>
            context.Message.DealId == deal.DealId
                ? throw new InvalidOperationException("No agreement template for deal kind 123.")
                : Task.CompletedTask));
        await failing.Ready;
        try
        {
            await api.Send(listing);
            await Eventually(() => api.HasListing(listing.ListingId), "the listing");
            await api.Send(deal);

            await Eventually(async () => (await api.Alerts(deal.DealId, AlertRules.MessageFailed)).Length == 1, "the message-failed alert");
            var alert = (await api.Alerts(deal.DealId, AlertRules.MessageFailed)).Single();
            var evidence = alert.GetProperty("evidence");
            Assert.Equal(queue, evidence.GetProperty("consumer").GetString());
            Assert.Equal(queue + "_error", evidence.GetProperty("errorQueue").GetString());
            Assert.Equal("DealStruck", evidence.GetProperty("messageType").GetString());
            Assert.Contains("deal kind 123", evidence.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);

            await api.Settled();
            var row = (await api.Deal(deal.DealId))!.Value;
            Assert.True(row.GetProperty("stuck").GetBoolean());
            Assert.Contains(queue, row.GetProperty("stuckReason").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await failing.StopAsync();
        }
    }

    [Fact]
    public async Task A_loan_message_a_consumer_cannot_process_raises_an_alert_naming_the_consumer()
    {
        var loanId = NewId("LN");
        var queue = $"failing-pledge-registered-{Guid.NewGuid():N}"[..40];
        var failing = api.Bus.ConnectReceiveEndpoint(queue, e => e.Handler<PledgeRegistered>(context =>
            context.Message.LoanId == loanId
                ? throw new InvalidOperationException("The patent office notice is unreadable.")
                : Task.CompletedTask));
        await failing.Ready;
        try
        {
            await api.Send(new PledgeRegistered(loanId, "org-xtrail", "org-cqbank", "重庆渝江银行股份有限公司", ["201910000001.X"], "Y2026000999",
                DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow));

            System.Text.Json.JsonElement[] alerts = [];
            await Eventually(async () => (alerts = (await api.Alerts(rule: AlertRules.MessageFailed))
                .Where(a => a.GetProperty("evidence").GetProperty("consumer").GetString() == queue).ToArray()).Length == 1, "the message-failed alert");
            var evidence = alerts[0].GetProperty("evidence");
            Assert.Equal("PledgeRegistered", evidence.GetProperty("messageType").GetString());
            Assert.Equal(queue + "_error", evidence.GetProperty("errorQueue").GetString());
            Assert.Contains("notice is unreadable", evidence.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await failing.StopAsync();
        }
    }
}
