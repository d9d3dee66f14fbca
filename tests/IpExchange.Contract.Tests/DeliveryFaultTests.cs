using System.Net;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using static IpExchange.Contract.Tests.ContractApi;

namespace IpExchange.Contract.Tests;

/// <summary>The Contract service with its retries shortened and no delayed redeliveries, so that giving up is quick.</summary>
public sealed class QuickToGiveUpContractApi : ContractApi
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Messaging:RetryIntervalsMs", "10,10");
        builder.UseSetting("Messaging:RedeliveryIntervalsSeconds", "");
    }
}

/// <summary>
/// Nothing is retried forever in silence: a deal the Contract service cannot draft (a deal kind no
/// template knows, as a producer outside the JSON policy could still send) is retried, then moved
/// to the consumer's _error queue with a Fault&lt;DealStruck&gt; published for the cockpit.
/// </summary>
public sealed class DeliveryFaultTests : IAsyncLifetime
{
    private readonly QuickToGiveUpContractApi _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_deal_that_cannot_be_drafted_ends_in_the_error_queue_with_a_fault_published()
    {
        await using var faults = await MessageLog.Start(_api.Bus, typeof(Fault<DealStruck>));
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]) with { DealKind = (DealKind)123 };

        await _api.Bus.Publish(deal);

        await Eventually(() => Task.FromResult(faults.OfType<Fault<DealStruck>>().Any(f => f.Message.DealId == deal.DealId)), "the fault of the deal");
        var fault = faults.OfType<Fault<DealStruck>>().First(f => f.Message.DealId == deal.DealId);
        Assert.NotEmpty(fault.Exceptions);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.As(Uni).GetAsync($"/api/agreements/{AgreementId(deal)}")).StatusCode);
    }
}
