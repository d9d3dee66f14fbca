using System.Text.Json;
using Dapper;
using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Listing.Patents;
using IpExchange.Listing.Seeding;
using Marten;

namespace IpExchange.Listing.Tests;

/// <summary>
/// The demo seeder on a store of its own, opened as the service opens it but without the service's
/// host: no consumers join the shared broker, and nothing relays the outbox, so what the seeder left
/// for the running service to publish can be read there. Then the read models are rebuilt from the
/// events through Marten.
/// </summary>
public sealed class DemoSeedingTests : IAsyncLifetime
{
    private readonly EventStore.EventStore _store = EventStoreSetup.CreateEventStore(
        Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")
            ?? throw new InvalidOperationException("Run the tests with deploy/test.sh: ConnectionStrings__EventStore is not set."),
        $"listing_seed_{Guid.NewGuid():N}"[..30],
        ListingStore.Configure);

    public Task InitializeAsync() => _store.Migrate();

    /// <summary>The seeded schema is large and no later run reads it: it goes with the test.</summary>
    public async Task DisposeAsync()
    {
        await using (var connection = await _store.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(_store.Sql("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public async Task The_seeder_lists_the_catalogue_in_every_status_once_and_the_read_models_rebuild_from_its_events()
    {
        var seeder = new DemoSeeder(_store, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new Listings.Reviewing.ProjectContactOptions()));
        Assert.Equal(DemoCatalog.Patents.Count, await seeder.Run(CancellationToken.None));
        Assert.Equal(0, await seeder.Run(CancellationToken.None));

        // Every status a seller and the review give; none reserved or sold: only a deal does that, and
        // the demo's deals are made through the gateway afterwards (tools/IpExchange.DemoTrades).
        var statuses = await ListingsByStatus();
        var dealt = new[] { Listings.ListingStatus.Reserved, Listings.ListingStatus.Sold };
        foreach (var status in Enum.GetValues<Listings.ListingStatus>().Where(s => s != Listings.ListingStatus.None).Except(dealt))
        {
            Assert.True(statuses.GetValueOrDefault(status.ToString()) > 0, $"No {status} listing: {string.Join(", ", statuses)}");
        }

        Assert.All(dealt, status => Assert.False(statuses.ContainsKey(status.ToString()), $"{status} listings without a deal: {string.Join(", ", statuses)}"));

        // What the running service's relay will publish: every listing that went public, with its
        // patents and, for auctions, the reserve price; every submission with its patents' IPC codes.
        var published = await Outbox<ListingPublished>();
        var approved = new[] { Listings.ListingStatus.Public, Listings.ListingStatus.Reserved, Listings.ListingStatus.Sold, Listings.ListingStatus.Withdrawn, Listings.ListingStatus.Expired };
        Assert.Equal(approved.Sum(s => statuses.GetValueOrDefault(s.ToString())), published.Count);
        Assert.All(published, p => Assert.All(p.Patents, patent => Assert.True(patent.Type == PatentType.Design
            ? patent.IpcCodes.Count == 0 && patent.LocarnoClass is not null
            : patent.IpcCodes.Count > 0 && patent.LocarnoClass is null, $"{patent.PatentId} {patent.Type}")));
        Assert.Contains(published, p => p.Patents.Any(patent => patent.Type == PatentType.Design));
        Assert.Contains(published, p => p.Patents.Any(patent => patent.AbstractEn is not null));
        Assert.Contains(published, p => p.PricingMethod == PricingMethod.Auction);
        Assert.All(published.Where(p => p.PricingMethod == PricingMethod.Auction), p => Assert.True(p.ReservePrice > p.AskingPrice));
        // A listing of one design has no IPC codes to report; every other submission does.
        var designs = DemoCatalog.Patents.Where(d => d.Type == PatentType.Design).Select(d => d.Title).ToList();
        Assert.All((await Outbox<ListingSubmitted>()).Where(s => s.IpcCodes.Count == 0), s => Assert.Contains(designs, d => s.Title.StartsWith(d + "专利", StringComparison.Ordinal)));
        Assert.Empty(await Outbox<ListingSold>());
        Assert.Empty(await Outbox<ListingReserved>());

        var patents = await OwnedPatents();
        Assert.Equal(DemoCatalog.Patents.Count, patents.Count);

        // Lose both read models, then rebuild them from the events.
        await _store.Marten.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(OwnedPatent));
        await using (var connection = await _store.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(_store.Sql("DELETE FROM {schema}.listings"));
        }

        Assert.Empty(await OwnedPatents());
        using (var daemon = await _store.Marten.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<OwnedPatentProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
            await daemon.RebuildProjectionAsync<Listings.ListingSearchProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
        }

        Assert.Equal(statuses, await ListingsByStatus());
        Assert.Equal(patents, await OwnedPatents());
    }

    private async Task<Dictionary<string, int>> ListingsByStatus()
    {
        await using var connection = await _store.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string Status, long Count)>(_store.Sql("SELECT status, count(*) FROM {schema}.listings GROUP BY status")))
            .ToDictionary(r => r.Status, r => (int)r.Count);
    }

    /// <summary>Each patent as its document says (owner, offers), in a form that compares by value.</summary>
    private async Task<List<string>> OwnedPatents()
    {
        await using var session = _store.Marten.QuerySession();
        return (await session.Query<OwnedPatent>().OrderBy(p => p.Id).ToListAsync())
            .Select(p => $"{p.Number}|{p.OwnerOrganisationId}|{p.LegalStatus}|{p.Pledged}|{string.Join(',', p.ActiveListingIds)}")
            .ToList();
    }

    private async Task<List<T>> Outbox<T>()
    {
        await using var connection = await _store.DataSource.OpenConnectionAsync();
        var bodies = await connection.QueryAsync<string>(_store.Sql("SELECT body::text FROM {schema}.outbox WHERE message_type LIKE @type ORDER BY id"),
            new { type = typeof(T).FullName + ",%" });
        return bodies.Select(b => JsonSerializer.Deserialize<T>(b, StoreJson.Options)!).ToList();
    }
}
