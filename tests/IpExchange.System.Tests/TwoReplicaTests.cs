using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace IpExchange.SystemTesting;

/// <summary>
/// Two replicas of every service behind the gateway, on one database and one broker: concurrent
/// deals driven through the gateway end consistent in every service, and no message has two effects.
/// </summary>
public sealed class TwoReplicaTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Transfers = 8;
    private const int BidsEach = 10;

    private SystemUnderTest _system = null!;
    private ExchangeClient _client = null!;

    public async Task InitializeAsync()
    {
        _system = await SystemUnderTest.Start(new SystemOptions { Replicas = 2, QuorumQueues = true });
        _client = new ExchangeClient(_system.GatewayAddress);
        await _client.SignInAll(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }

    [Fact]
    public async Task Concurrent_deals_on_two_replicas_of_each_service_are_consistent_everywhere_and_every_message_has_one_effect()
    {
        try
        {
            await Run();
        }
        catch
        {
            output.WriteLine(_system.LogTails());
            throw;
        }
    }

    private async Task Run()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var workload = new DealWorkload(_client);

        // All at once: exclusive listings raced for by every enterprise, an open licence taken by all
        // of them, and an auction whose bids all race on one stream.
        var transfers = Task.WhenAll(Enumerable.Range(0, Transfers).Select(n => workload.Transfer(n, ct)));
        var licences = workload.OpenLicence(ct);
        var auction = workload.Auction(BidsEach, TimeSpan.FromSeconds(12), ct);
        await Task.WhenAll(transfers, licences, auction);

        // Exactly one enterprise won each exclusive listing; the others were told why.
        foreach (var deal in transfers.Result)
        {
            Assert.Single(deal.Answers, a => a.Status == 201);
            Assert.All(deal.Answers.Where(a => a.Status != 201), a => Assert.Equal("offer.already-taken", a.Rule));
        }

        // The auction: every bid answered; accepted ones strictly increase; the best one won.
        var bids = auction.Result.BidAnswers;
        Assert.All(bids, b => Assert.True(b.Status == 200 || (b.Status == 422 && b.Rule is "bid.below-increment" or "auction.closed"), b.ToString()));
        var accepted = auction.Result.Closed.GetProperty("bids").EnumerateArray().Select(b => b.GetProperty("amount").GetDecimal()).ToList();
        Assert.Equal(bids.Count(b => b.Status == 200), accepted.Count);
        Assert.True(accepted.Zip(accepted.Skip(1)).All(p => p.Second >= p.First + 1_000m), "accepted bids rise by the increment: " + string.Join(", ", accepted));
        Assert.Equal("Won", auction.Result.Closed.GetProperty("outcome").GetString());
        Assert.Equal(accepted.Max(), auction.Result.Closed.GetProperty("price").GetDecimal());

        // Every deal, as each service tells it through the gateway.
        var exclusive = transfers.Result.Select(t => (t.ListingId, t.DealId)).Append((auction.Result.ListingId, auction.Result.DealId)).ToList();
        var licence = licences.Result;
        var allDeals = exclusive.Select(e => e.DealId).Concat(licence.DealIds).ToList();
        Assert.Equal(allDeals.Count, allDeals.Distinct().Count());
        foreach (var (listingId, dealId) in exclusive)
        {
            var matchingDeals = (await _client.Get(DemoUsers.Exchange, $"/api/deals?listingId={listingId}", ct)).Expect(200, "deals of a listing").GetProperty("items");
            Assert.Equal([dealId], matchingDeals.EnumerateArray().Select(d => d.GetProperty("dealId").GetString()));
            var history = (await _client.Get(DemoUsers.Exchange, $"/api/listings/{listingId}/history", ct)).Expect(200, "listing history");
            var reservations = history.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("event").GetString() == "ListingReservedForDeal").ToList();
            Assert.Equal(dealId, Assert.Single(reservations).GetProperty("data").GetProperty("dealId").GetString());
            Assert.True(history.GetProperty("verification").GetProperty("isIntact").GetBoolean());
        }

        var licenceDeals = (await _client.Get(DemoUsers.Exchange, $"/api/deals?listingId={licence.ListingId}", ct)).Expect(200, "licence deals").GetProperty("items");
        Assert.Equal(licence.DealIds.Order(), licenceDeals.EnumerateArray().Select(d => d.GetProperty("dealId").GetString()!).Order());
        Assert.Equal(DemoUsers.Enterprises.Length, (await _client.Get(DemoUsers.Exchange, $"/api/listings/{licence.ListingId}", ct)).Body.GetProperty("licenceCount").GetInt32());

        var myListings = exclusive.Select(e => e.ListingId).Append(licence.ListingId).ToHashSet();
        var agreements = (await _client.Get(DemoUsers.Exchange, "/api/agreements?pageSize=100", ct)).Expect(200, "agreements").GetProperty("items")
            .EnumerateArray().Where(a => myListings.Contains(a.GetProperty("listingId").GetString()!)).ToList();
        Assert.Equal(allDeals.Order(), agreements.Select(a => a.GetProperty("dealId").GetString()!).Order());

        // No message had two effects: the stores hold each effect once, and the outboxes drained.
        await using var db = NpgsqlDataSource.Create(_system.ConnectionString);
        var listing = _system.SchemaOf("listing");
        var matching = _system.SchemaOf("matching");
        var contract = _system.SchemaOf("contract");
        var listingStreams = myListings.Select(l => $"listing-{l}").ToArray();
        var effects = await Rows(db, $"""
            SELECT stream_id || ' ' || type || ' ' || (data->>'dealId') FROM {listing}.events
            WHERE stream_id = ANY(@s) AND type IN ('ListingReservedForDeal', 'ListingLicenceGranted', 'DealRefusedForListing')
            """, listingStreams);
        var expected = exclusive.Select(e => $"listing-{e.ListingId} ListingReservedForDeal {e.DealId}")
            .Concat(licence.DealIds.Select(d => $"listing-{licence.ListingId} ListingLicenceGranted {d}"));
        Assert.Equal(expected.Order(), effects.Order());
        var drafted = await Rows(db, $"SELECT stream_id FROM {contract}.events WHERE type = 'AgreementDraftedFromDeal' AND stream_id = ANY(@s)",
            allDeals.Select(d => $"agreement-AG-{d}").ToArray());
        Assert.Equal(allDeals.Select(d => $"agreement-AG-{d}").Order(), drafted.Order());
        var struck = await Rows(db, $"SELECT deal_id FROM {matching}.deals WHERE listing_id = ANY(@s)", myListings.ToArray());
        Assert.Equal(allDeals.Order(), struck.Order());
        var closes = await Rows(db, $"SELECT type FROM {matching}.events WHERE stream_id = @s AND type = 'AuctionClosed'", $"auction-{auction.Result.AuctionId}");
        Assert.Single(closes);
        foreach (var schema in new[] { listing, matching, contract })
        {
            await Until(async () => (await Rows(db, $"SELECT id::text FROM {schema}.outbox", "")).Count == 0, $"{schema}'s outbox to drain", ct);
        }

        // The replicas really shared the work: one outbox relay leads per service, both Matching
        // replicas took bids, and both replicas of each service consume from every (quorum) queue.
        foreach (var schema in new[] { listing, matching, contract })
        {
            var leaders = await Rows(db, """
                SELECT pid::text FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 1
                  AND ((classid::bigint << 32) | objid::bigint) = hashtext('ipx-outbox:' || @s)::bigint
                """, schema);
            Assert.True(leaders.Count == 1, $"{schema}: {leaders.Count} outbox relays hold the leader lock");
        }

        var bidsServed = _system.ReplicasOf("matching").Select(r => r.RequestsServed("POST", "/bids")).ToList();
        output.WriteLine($"bids served by the Matching replicas: {string.Join(", ", bidsServed)}");
        Assert.Equal(bids.Count, bidsServed.Sum());
        Assert.All(bidsServed, n => Assert.True(n > 0, "each Matching replica took bids: " + string.Join(", ", bidsServed)));

        foreach (var service in new[] { "listing", "matching", "contract" })
        {
            var queues = (await _system.Broker.Queues(_system.VirtualHost, ct)).EnumerateArray()
                .Where(q => q.GetProperty("name").GetString() is { } name && name.StartsWith(_system.EndpointPrefixOf(service) + "-", StringComparison.Ordinal)
                            && !name.EndsWith("_error", StringComparison.Ordinal) && !name.EndsWith("_skipped", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(queues);
            Assert.All(queues, q =>
            {
                Assert.Equal("quorum", q.GetProperty("type").GetString());
                Assert.Equal(2, q.GetProperty("consumers").GetInt32());
            });
        }
    }

    private static async Task<List<string>> Rows(NpgsqlDataSource db, string sql, object parameter)
    {
        await using var cmd = db.CreateCommand(sql);
        if (sql.Contains("@s", StringComparison.Ordinal))
        {
            cmd.Parameters.AddWithValue("s", parameter);
        }

        var rows = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task Until(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, ct);
        }

        Assert.Fail("Timed out waiting for " + what);
    }
}
