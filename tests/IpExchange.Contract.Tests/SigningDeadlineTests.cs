using IpExchange.Contracts.Agreements;
using IpExchange.Testing;
using static IpExchange.Contract.Tests.ContractApi;

namespace IpExchange.Contract.Tests;

/// <summary>The Contract service with a signing window of seconds, so a deadline passes during a test.</summary>
public sealed class ShortDeadlineApi : ContractApi
{
    public ShortDeadlineApi() => SigningDeadline = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The signing deadline is a durable timer in PostgreSQL: it cancels on time, even across a restart.
/// In the same collection as the other tests, so that no two fixtures consume the same deals at once
/// (each would publish its own AgreementDrafted and ContractCancelled for them).
/// </summary>
[Collection("contract-api")]
public sealed class SigningDeadlineTests(ShortDeadlineApi api) : IClassFixture<ShortDeadlineApi>
{
    [Fact]
    public async Task An_agreement_not_signed_by_both_in_time_is_cancelled_and_the_listing_released()
    {
        await using var heard = await MessageLog.Start(api.Bus, typeof(ContractCancelled));
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        var drafted = await api.Draft(deal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.Sign(Uni, id, drafted.Str("contentHash"))).StatusCode); // one signature is not enough

        var view = await api.Agreement(id, Uni, v => v.Str("status") == "Cancelled", "the deadline to cancel the agreement", seconds: 20);
        Assert.Contains("签署期限", view.Str("cancellationReason"));
        await Eventually(() => Task.FromResult(heard.OfType<ContractCancelled>().Any(m => m.AgreementId == id)), "ContractCancelled");
        var cancelled = heard.OfType<ContractCancelled>().Single(m => m.AgreementId == id);
        Assert.Equal(deal.ListingId, cancelled.ListingId);
        Assert.Equal(deal.DealId, cancelled.DealId);
        Assert.Equal("agreement.ended", (await Body(await api.Sign(Rail, id, drafted.Str("contentHash")))).Rule());
    }

    [Fact]
    public async Task An_agreement_signed_by_both_in_time_is_not_cancelled()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        var drafted = await api.Draft(deal);
        await api.SignByBoth(id, drafted.Str("contentHash"));
        api.Clock.Advance(TimeSpan.FromSeconds(6)); // past the deadline, without waiting for it
        await api.DueTimersFired();
        Assert.Equal("SignedByBoth", (await api.Agreement(id, Uni, _ => true, "the agreement")).Str("status"));
    }

    [Fact]
    public async Task The_deadline_fires_after_a_restart_when_it_passed_while_the_service_was_down()
    {
        var schema = $"contract_r{DateTime.UtcNow:HHmmss}_{Guid.NewGuid():N}"[..30];
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        await using (var before = new ContractApi { Schema = schema, SigningDeadline = TimeSpan.FromSeconds(5) })
        {
            await before.InitializeAsync();
            var drafted = await before.Draft(deal);
            Assert.Equal("AwaitingSignatures", drafted.Str("status"));
        }

        // The deadline passes while no instance of the service runs: the restarted one's clock is past it.
        await using var after = new ContractApi { Schema = schema, SigningDeadline = TimeSpan.FromSeconds(5) };
        after.Clock.Advance(TimeSpan.FromSeconds(6));
        await after.InitializeAsync();
        var view = await after.Agreement(id, Rail, v => v.Str("status") == "Cancelled", "the restarted service to cancel the agreement", seconds: 20);
        Assert.Contains("签署期限", view.Str("cancellationReason"));
        var evidence = await Body(await after.As(Staff).GetAsync($"/api/agreements/{id}/evidence"));
        Assert.Equal(["AgreementDraftedFromDeal", "AgreementCancelled"], evidence.GetProperty("events").EnumerateArray().Select(e => e.Str("event")).ToArray());
        Assert.True(evidence.GetProperty("verification").GetProperty("isIntact").GetBoolean());
    }
}
