using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace IpExchange.SystemTesting;

/// <summary>The system with two replicas of every service, started once for the tests of the class.</summary>
public sealed class TwoReplicaSystem() : RunningSystem(replicas: 2);

/// <summary>
/// Two replicas of every service behind the gateway, on one database and one broker: concurrent
/// deals driven through the gateway end consistent in every service, and no message has two effects.
/// </summary>
public sealed class TwoReplicaTests(TwoReplicaSystem fixture, ITestOutputHelper output) : IClassFixture<TwoReplicaSystem>
{
    private const int Transfers = 8;
    private const int BidsEach = 10;
    private static readonly string[] Deciding = ["listing", "matching", "contract"];
    private static readonly string[] RoutePaths = ["/api/listings?pageSize=1", "/api/deals?pageSize=1", "/api/agreements?pageSize=1"];

    private SystemUnderTest Sut => fixture.System;
    private ExchangeClient Client => fixture.Client;

    [Fact]
    public Task Concurrent_deals_on_two_replicas_of_each_service_are_consistent_everywhere_and_every_message_has_one_effect() =>
        WithLogsOnFailure(ConcurrentDeals);

    [Fact]
    public Task A_replica_killed_mid_flight_loses_no_deal_another_relay_takes_over_and_the_replica_comes_back() =>
        WithLogsOnFailure(ReplicaKilled);

    private async Task WithLogsOnFailure(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            output.WriteLine(Sut.LogTails());
            throw;
        }
    }

    private async Task ReplicaKilled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var workload = new DealWorkload(Client);
        await using var db = NpgsqlDataSource.Create(Sut.ConnectionString);

        // Deals in flight while the first replica of each deciding service dies without a goodbye:
        // its unacknowledged messages go back to the queue, its relay's lock goes with its session.
        var inFlight = Enumerable.Range(100, 4).Select(n => workload.Transfer(n, ct)).ToList();
        await Task.Delay(1500, ct);
        foreach (var service in Deciding)
        {
            Sut.KillReplica(service, 1);
        }

        // Requests that were on the killed replicas fail at the gateway (502) until it marks them
        // down; the deals that got through must still settle everywhere.
        var settled = new List<TransferDeal>();
        foreach (var deal in inFlight)
        {
            try
            {
                settled.Add(await deal);
            }
            catch (InvalidOperationException e)
            {
                output.WriteLine("a deal interrupted by the kill: " + e.Message);
            }
        }

        await GatewayRoutesAround(ct);
        var after = await Task.WhenAll(Enumerable.Range(200, 3).Select(n => workload.Transfer(n, ct)));
        foreach (var deal in settled.Concat(after))
        {
            Assert.Single(deal.Answers, a => a.Status == 201);
            var drafted = await Rows(db, $"SELECT stream_id FROM {Sut.SchemaOf("contract")}.mt_events WHERE type = 'AgreementDraftedFromDeal' AND stream_id = @s",
                $"agreement-AG-{deal.DealId}");
            Assert.Single(drafted);
        }

        foreach (var service in Deciding)
        {
            Assert.Equal(1, await OutboxLeaders(db, Sut.SchemaOf(service)));
        }

        await Task.WhenAll(Deciding.Select(service => Sut.StartReplica(service, 1, ct)));

        await Until(async () =>
        {
            var queues = await DealQueues(ct);
            return queues.Count > 0 && queues.All(q => q.GetProperty("consumers").GetInt32() == 2);
        }, "the restarted replicas to consume again", ct);
        Assert.All(Sut.ReplicasOf("matching"), r => Assert.True(r.IsRunning));

        // And the gateway sends them requests again (its health probe found them ready).
        foreach (var (service, path) in Deciding.Zip(RoutePaths))
        {
            var replica = Sut.ReplicasOf(service)[0];
            var before = replica.RequestsServed("GET", path.Split('?')[0]);
            await Until(async () =>
            {
                await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Client.Get(DemoUsers.Exchange, path, ct)));
                return replica.RequestsServed("GET", path.Split('?')[0]) > before;
            }, $"the gateway to route {path} to the restarted {replica}", ct);
        }
    }

    /// <summary>Until the gateway answers each deciding service's route ten times in a row (the dead destinations are out).</summary>
    private async Task GatewayRoutesAround(CancellationToken ct)
    {
        foreach (var path in RoutePaths)
        {
            var streak = 0;
            await Until(async () =>
            {
                streak = (await Client.Get(DemoUsers.Exchange, path, ct)).Ok ? streak + 1 : 0;
                return streak >= 10;
            }, $"the gateway to route {path} around the killed replica", ct);
        }
    }

    private async Task<List<JsonElement>> DealQueues(CancellationToken ct) =>
        (await Sut.Broker.Queues(Sut.VirtualHost, ct)).EnumerateArray()
            .Where(q => q.GetProperty("name").GetString() is { } name && Deciding.Any(s => name.StartsWith(Sut.EndpointPrefixOf(s) + "-", StringComparison.Ordinal))
                        && !name.EndsWith("_error", StringComparison.Ordinal) && !name.EndsWith("_skipped", StringComparison.Ordinal))
            .ToList();

    private static async Task<int> OutboxLeaders(NpgsqlDataSource db, string schema) =>
        (await Rows(db, """
            SELECT pid::text FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND ((classid::bigint << 32) | objid::bigint) = hashtext('ipx-outbox:' || @s)::bigint
            """, schema)).Count;

    private async Task ConcurrentDeals()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var workload = new DealWorkload(Client);

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
            var matchingDeals = (await Client.Get(DemoUsers.Exchange, $"/api/deals?listingId={listingId}", ct)).Expect(200, "deals of a listing").GetProperty("items");
            Assert.Equal([dealId], matchingDeals.EnumerateArray().Select(d => d.GetProperty("dealId").GetString()));
            var history = (await Client.Get(DemoUsers.Exchange, $"/api/listings/{listingId}/history", ct)).Expect(200, "listing history");
            var reservations = history.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("event").GetString() == "ListingReservedForDeal").ToList();
            Assert.Equal(dealId, Assert.Single(reservations).GetProperty("data").GetProperty("dealId").GetString());
            Assert.True(history.GetProperty("verification").GetProperty("isIntact").GetBoolean());
        }

        var licenceDeals = (await Client.Get(DemoUsers.Exchange, $"/api/deals?listingId={licence.ListingId}", ct)).Expect(200, "licence deals").GetProperty("items");
        Assert.Equal(licence.DealIds.Order(), licenceDeals.EnumerateArray().Select(d => d.GetProperty("dealId").GetString()!).Order());
        Assert.Equal(DemoUsers.Enterprises.Length, (await Client.Get(DemoUsers.Exchange, $"/api/listings/{licence.ListingId}", ct)).Body.GetProperty("licenceCount").GetInt32());

        var myListings = exclusive.Select(e => e.ListingId).Append(licence.ListingId).ToHashSet();
        var agreements = (await Client.Get(DemoUsers.Exchange, "/api/agreements?pageSize=100", ct)).Expect(200, "agreements").GetProperty("items")
            .EnumerateArray().Where(a => myListings.Contains(a.GetProperty("listingId").GetString()!)).ToList();
        Assert.Equal(allDeals.Order(), agreements.Select(a => a.GetProperty("dealId").GetString()!).Order());

        // No message had two effects: the stores hold each effect once, and the outboxes drained.
        await using var db = NpgsqlDataSource.Create(Sut.ConnectionString);
        var listing = Sut.SchemaOf("listing");
        var matching = Sut.SchemaOf("matching");
        var contract = Sut.SchemaOf("contract");
        var listingStreams = myListings.Select(l => $"listing-{l}").ToArray();
        var effects = await Rows(db, $"""
            SELECT stream_id || ' ' || type || ' ' || (data->>'dealId') FROM {listing}.mt_events
            WHERE stream_id = ANY(@s) AND type IN ('ListingReservedForDeal', 'ListingLicenceGranted', 'DealRefusedForListing')
            """, listingStreams);
        var expected = exclusive.Select(e => $"listing-{e.ListingId} ListingReservedForDeal {e.DealId}")
            .Concat(licence.DealIds.Select(d => $"listing-{licence.ListingId} ListingLicenceGranted {d}"));
        Assert.Equal(expected.Order(), effects.Order());
        var drafted = await Rows(db, $"SELECT stream_id FROM {contract}.mt_events WHERE type = 'AgreementDraftedFromDeal' AND stream_id = ANY(@s)",
            allDeals.Select(d => $"agreement-AG-{d}").ToArray());
        Assert.Equal(allDeals.Select(d => $"agreement-AG-{d}").Order(), drafted.Order());
        var struck = await Rows(db, $"SELECT deal_id FROM {matching}.deals WHERE listing_id = ANY(@s)", myListings.ToArray());
        Assert.Equal(allDeals.Order(), struck.Order());
        var closes = await Rows(db, $"SELECT type FROM {matching}.mt_events WHERE stream_id = @s AND type = 'AuctionClosed'", $"auction-{auction.Result.AuctionId}");
        Assert.Single(closes);
        foreach (var schema in new[] { listing, matching, contract })
        {
            await Until(async () => (await Rows(db, $"SELECT id::text FROM {schema}.outbox", "")).Count == 0, $"{schema}'s outbox to drain", ct);
        }

        // The replicas really shared the work: one outbox relay leads per service, both Matching
        // replicas took bids, and both replicas of each service consume from every (quorum) queue.
        foreach (var schema in new[] { listing, matching, contract })
        {
            var leaders = await OutboxLeaders(db, schema);
            Assert.True(leaders == 1, $"{schema}: {leaders} outbox relays hold the leader lock");
        }

        var bidsServed = Sut.ReplicasOf("matching").Select(r => r.RequestsServed("POST", "/bids")).ToList();
        output.WriteLine($"bids served by the Matching replicas: {string.Join(", ", bidsServed)}");
        Assert.All(bidsServed, n => Assert.True(n > 0, "each Matching replica took bids: " + string.Join(", ", bidsServed)));

        var queues = await DealQueues(ct);
        Assert.Equal(Deciding.Length, Deciding.Count(s => queues.Any(q => q.GetProperty("name").GetString()!.StartsWith(Sut.EndpointPrefixOf(s) + "-", StringComparison.Ordinal))));
        Assert.All(queues, q =>
        {
            Assert.Equal("quorum", q.GetProperty("type").GetString());
            Assert.Equal(2, q.GetProperty("consumers").GetInt32());
        });
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
