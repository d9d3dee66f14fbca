using IpExchange.Contract.Agreements;
using IpExchange.Contract.Catalogue;
using IpExchange.EventStore;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static IpExchange.Contract.Tests.ContractApi;

namespace IpExchange.Contract.Tests;

/// <summary>The service's Marten read models: the lists rebuild from the events, the catalogue keeps the newest fact whatever the arrival order.</summary>
[Collection("contract-api")]
public sealed class ReadModelTests(ContractApi api)
{
    private EventStore.EventStore Store => api.Services.GetRequiredService<EventStore.EventStore>();

    [Fact]
    public async Task The_agreement_lists_are_rebuilt_by_Marten_from_the_events_alone()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        var drafted = await api.Draft(deal);
        await api.Sign(Uni, id, drafted.Str("contentHash"));
        var before = await Line(id);
        Assert.Equal("AwaitingSignatures", before!.Value.Str("status"));
        Assert.Equal([Uni.OrganisationId], before.Value.GetProperty("signedBy").EnumerateArray().Select(e => e.GetString()!).ToArray());

        await using (var session = Store.Marten.LightweightSession())
        {
            session.Delete<AgreementListEntry>(Agreement.StreamId(id));
            await session.SaveChangesAsync();
        }

        Assert.Null(await Line(id));
        using var daemon = await Store.Marten.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<AgreementListProjection>(CancellationToken.None);

        Assert.Equal(before.Value.GetRawText(), (await Line(id))!.Value.GetRawText());
    }

    [Fact]
    public async Task A_listing_publication_arriving_after_a_newer_one_changes_nothing()
    {
        var listingId = $"L-{Guid.NewGuid():N}"[..14];
        var now = DateTimeOffset.UtcNow;
        await Remember(new KnownListing(listingId, Uni.OrganisationId, Uni.OrganisationName, "更正后的名称", []), now);
        await Remember(new KnownListing(listingId, Uni.OrganisationId, Uni.OrganisationName, "最初的名称", []), now.AddMinutes(-5));
        Assert.Equal("更正后的名称", (await Known(listingId))!.Title);

        await Remember(new KnownListing(listingId, Uni.OrganisationId, Uni.OrganisationName, "再次更正的名称", []), now.AddMinutes(1));
        Assert.Equal("再次更正的名称", (await Known(listingId))!.Title);
    }

    private async Task<System.Text.Json.JsonElement?> Line(string id)
    {
        var items = (await Body(await api.As(Staff).GetAsync("/api/agreements?pageSize=100"))).GetProperty("items").EnumerateArray();
        return items.Where(a => a.Str("id") == id).Select(a => (System.Text.Json.JsonElement?)a).SingleOrDefault();
    }

    private async Task Remember(KnownListing listing, DateTimeOffset publishedAt)
    {
        await using var session = await Store.OpenSession(EventMetadata.System());
        ListingCatalogue.Remember(session, listing, publishedAt);
        await session.SaveChanges();
    }

    private async Task<KnownListing?> Known(string listingId)
    {
        await using var session = await Store.OpenSession(EventMetadata.System());
        return await ListingCatalogue.Find(session, listingId, CancellationToken.None);
    }
}
