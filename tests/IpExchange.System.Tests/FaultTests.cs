using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

// The fault tests stop and start the shared PostgreSQL and RabbitMQ: nothing else in this assembly may run meanwhile.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace IpExchange.SystemTesting;

/// <summary>The system with one process per service: a fault takes a whole service, the broker or the database away.</summary>
public sealed class SingleReplicaSystem() : RunningSystem(replicas: 1);

/// <summary>
/// The fault suite (issue 9): deals in flight while a service is killed with SIGKILL, RabbitMQ or
/// PostgreSQL restarts, the broker blocks publishers, or a message arrives twice. After each fault:
/// every deal whose acceptance answered 2xx settles with exactly one effect in every service (one
/// reservation, one agreement), no service holds an effect of a deal that was never struck, the
/// outboxes drain, and a new deal started afterwards settles, each of its waits within 45 seconds.
/// </summary>
[Trait("Category", "Fault")]
public sealed class FaultTests(SingleReplicaSystem fixture, ITestOutputHelper output) : IClassFixture<SingleReplicaSystem>
{
    private static readonly string[] Deciding = ["listing", "matching", "contract"];
    private static int _serial = 1000;

    private SystemUnderTest Sut => fixture.System;
    private ExchangeClient Client => fixture.Client;

    [Fact]
    public Task Killing_the_matching_and_contract_services_mid_deal_loses_nothing() => Fault("kill -9 matching and contract", async ct =>
    {
        Sut.KillReplica("matching", 1);
        Sut.KillReplica("contract", 1);
        await Task.Delay(3000, ct);
        await Sut.StartReplica("matching", 1, ct);
        await Sut.StartReplica("contract", 1, ct);
    });

    [Fact]
    public Task Restarting_RabbitMQ_mid_deal_loses_nothing() => Fault("RabbitMQ restart", async ct =>
    {
        await Infra("rabbit-stop", ct);
        await Task.Delay(2000, ct);
        await Infra("rabbit-start", ct);
    });

    [Fact]
    public Task Restarting_PostgreSQL_mid_deal_loses_nothing() => Fault("PostgreSQL restart", async ct =>
    {
        await Infra("pg-stop", ct);
        await Task.Delay(2000, ct);
        await Infra("pg-start", ct);
    });

    [Fact]
    public Task A_broker_that_blocks_publishers_delays_deals_but_loses_none() => Fault("broker memory alarm (publishers blocked)", async ct =>
    {
        // A memory alarm makes RabbitMQ block every publishing connection: the slowest a broker gets.
        await Infra("rabbit-ctl", ct, "set_vm_memory_high_watermark", "0.0001");
        await Task.Delay(5000, ct);
        await Infra("rabbit-ctl", ct, "set_vm_memory_high_watermark", "0.4");
    });

    [Fact]
    public async Task A_deal_delivered_twice_or_republished_has_one_effect_everywhere()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var workload = new DealWorkload(Client);
        var listingId = await workload.Publish(DemoUsers.Universities[0], DealWorkload.Terms("Assignment", "Negotiated", "Negotiated", 260_000m), ct);
        await workload.InCatalogue(listingId, ct);

        // A DealStruck as the Matching service's relay sends it, delivered three times: twice with the
        // same message id (a redelivery), once with a new one (a relay re-publishing after a crash
        // between the broker's confirm and its own bookkeeping).
        var dealId = $"DEAL-FAULT-{Interlocked.Increment(ref _serial)}-{Sut.RunId}";
        var first = Guid.NewGuid();
        foreach (var messageId in new[] { first, first, Guid.NewGuid() })
        {
            Assert.True(await Sut.Broker.Publish(Sut.VirtualHost, "IpExchange.Contracts.Deals:DealStruck", messageId.ToString(), "application/vnd.masstransit+json",
                DealStruckEnvelope(messageId, dealId, listingId), ct), "the broker routed the DealStruck to the services' queues");
        }

        await using var db = NpgsqlDataSource.Create(Sut.ConnectionString);
        await Until(async () => (await Client.Get(DemoUsers.Exchange, $"/api/agreements/AG-{dealId}", ct)).Ok
                                && (await Client.Get(DemoUsers.Exchange, $"/api/listings/{listingId}", ct)).Text("status") == "Reserved", "the deal's effects", ct);
        await Task.Delay(2000, ct); // the copies have had time to arrive
        await AllQueuesEmpty(ct);
        Assert.Single(await Rows(db, $"SELECT type FROM {Sut.SchemaOf("listing")}.mt_events WHERE stream_id = @s AND type = 'ListingReservedForDeal'", $"listing-{listingId}"));
        Assert.Single(await Rows(db, $"SELECT type FROM {Sut.SchemaOf("contract")}.mt_events WHERE stream_id = @s AND type = 'AgreementDraftedFromDeal'", $"agreement-AG-{dealId}"));
        // The cockpit keeps each delivery as a fact (the re-published copy too) but counts the deal once.
        // (Its deal documents are kept by Marten's async daemon: wait for it to catch up.)
        var cockpitDeal = $"SELECT id FROM {Sut.SchemaOf("monitoring")}.mt_doc_deal WHERE data->>'dealId' = @s";
        await Until(async () => (await Rows(db, cockpitDeal, dealId)).Count > 0, "the cockpit's deal", ct);
        Assert.Single(await Rows(db, cockpitDeal, dealId));
        Assert.Equal(2, (await Rows(db, $"SELECT type FROM {Sut.SchemaOf("monitoring")}.mt_events WHERE stream_id = @s AND type = 'DealStruck'", $"deal-{dealId}")).Count);
    }

    /// <summary>
    /// Deals start; the fault strikes while they are in flight; then every deal that got a 2xx
    /// acceptance must settle everywhere exactly once, and a fresh deal must settle (each wait within 45 s).
    /// </summary>
    private async Task Fault(string what, Func<CancellationToken, Task> fault)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        var workload = new DealWorkload(Client) { SettleTimeout = TimeSpan.FromSeconds(120) };
        try
        {
            var inFlight = Enumerable.Range(0, 6).Select(_ => Interlocked.Increment(ref _serial)).Select(n => Attempt(workload, n, ct)).ToList();
            await Task.Delay(1500, ct);
            output.WriteLine($"{what}: striking");
            await fault(ct);
            var ended = Stopwatch.StartNew();
            output.WriteLine($"{what}: over");

            var outcomes = await Task.WhenAll(inFlight);
            var settled = outcomes.OfType<TransferDeal>().ToList();
            output.WriteLine($"{what}: {settled.Count} of {outcomes.Length} deals went through, the others were refused with a non-2xx answer (not an error); "
                             + $"the last settled {ended.Elapsed.TotalSeconds:0.0} s after the fault ended");

            // Throughput is back: a new deal goes from listing to drafted agreement, each of its waits
            // (into Matching's catalogue, settled in every service) within 45 s, or the workload fails the
            // test. Timed from the new deal's start, not from the fault's end: a slow machine settling the
            // in-flight deals first does not count against the recovery.
            var probe = new DealWorkload(Client) { SettleTimeout = TimeSpan.FromSeconds(45) };
            var fresh = Stopwatch.StartNew();
            var freshDeal = await probe.Transfer(Interlocked.Increment(ref _serial), ct);
            output.WriteLine($"{what}: a fresh deal settled in {fresh.Elapsed.TotalSeconds:0.0} s, {ended.Elapsed.TotalSeconds:0.0} s after the fault ended");

            await Consistent(settled.Append(freshDeal).ToList(), ct);
        }
        catch
        {
            output.WriteLine(Sut.LogTails());
            throw;
        }
    }

    /// <summary>One deal; a command refused during the fault (5xx, 502 from the gateway) ends the attempt without a deal.</summary>
    private async Task<TransferDeal?> Attempt(DealWorkload workload, int n, CancellationToken ct)
    {
        try
        {
            return await workload.Transfer(n, ct);
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine($"deal {n} refused during the fault: {e.Message[..Math.Min(200, e.Message.Length)]}");
            return null;
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"deal {n} cut off during the fault: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Each settled deal has exactly one reservation and one agreement; across the whole run every
    /// deal Matching struck and still holds has exactly one of each, no reservation or agreement
    /// exists for a deal Matching never struck (except the duplicate test's hand-made one), and the
    /// outboxes drain.
    /// </summary>
    private async Task Consistent(IReadOnlyList<TransferDeal> deals, CancellationToken ct)
    {
        await using var db = NpgsqlDataSource.Create(Sut.ConnectionString);
        var (listing, matching, contract) = (Sut.SchemaOf("listing"), Sut.SchemaOf("matching"), Sut.SchemaOf("contract"));
        foreach (var schema in new[] { listing, matching, contract })
        {
            await Until(async () => (await Rows(db, $"SELECT id::text FROM {schema}.outbox", "")).Count == 0, $"{schema}'s outbox to drain", ct);
        }

        await AllQueuesEmpty(ct);
        foreach (var deal in deals)
        {
            Assert.Single(deal.Answers, a => a.Status == 201);
            Assert.Equal([deal.DealId], await Rows(db, $"SELECT data->>'dealId' FROM {listing}.mt_events WHERE stream_id = @s AND type = 'ListingReservedForDeal'", $"listing-{deal.ListingId}"));
            Assert.Single(await Rows(db, $"SELECT type FROM {contract}.mt_events WHERE stream_id = @s AND type = 'AgreementDraftedFromDeal'", $"agreement-AG-{deal.DealId}"));
        }

        var struck = (await Rows(db, $"SELECT deal_id FROM {matching}.deals WHERE status IN ('Struck', 'Reserved')", "")).ToHashSet();
        var reserved = await Rows(db, $"SELECT data->>'dealId' FROM {listing}.mt_events WHERE type = 'ListingReservedForDeal'", "");
        var drafted = await Rows(db, $"SELECT substr(stream_id, length('agreement-AG-') + 1) FROM {contract}.mt_events WHERE type = 'AgreementDraftedFromDeal'", "");
        Assert.Equal(reserved.Count, reserved.Distinct().Count());
        Assert.Equal(drafted.Count, drafted.Distinct().Count());
        Assert.Empty(struck.Except(reserved));
        Assert.Empty(struck.Except(drafted));
        Assert.Empty(reserved.Where(d => !d.StartsWith("DEAL-FAULT-", StringComparison.Ordinal)).Except(struck));
        Assert.Empty(drafted.Where(d => !d.StartsWith("DEAL-FAULT-", StringComparison.Ordinal)).Except(struck));
    }

    /// <summary>Until no queue of this run holds a message: everything published has been consumed (or sits in an _error queue, which fails).</summary>
    private async Task AllQueuesEmpty(CancellationToken ct)
    {
        await Until(async () => (await Sut.Broker.Queues(Sut.VirtualHost, ct)).EnumerateArray()
            .Where(q => !q.GetProperty("name").GetString()!.EndsWith("_skipped", StringComparison.Ordinal))
            .All(q => !q.TryGetProperty("messages", out var m) || m.ValueKind != JsonValueKind.Number || m.GetInt32() == 0), "every queue to drain", ct);
        var errors = (await Sut.Broker.Queues(Sut.VirtualHost, ct)).EnumerateArray().Where(q => q.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, "messages failed for good: " + string.Join(", ", errors.Select(q => q.GetProperty("name").GetString())));
    }

    private string DealStruckEnvelope(Guid messageId, string dealId, string listingId)
    {
        var now = DateTimeOffset.UtcNow;
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["messageId"] = messageId.ToString(),
            ["conversationId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new[] { "urn:message:IpExchange.Contracts.Deals:DealStruck" },
            ["sentTime"] = now,
            ["headers"] = new Dictionary<string, object>(),
            ["message"] = new Dictionary<string, object?>
            {
                ["dealId"] = dealId,
                ["listingId"] = listingId,
                ["sellerOrganisationId"] = Client.OrganisationOf(DemoUsers.Universities[0]),
                ["buyerOrganisationId"] = Client.OrganisationOf(DemoUsers.Enterprises[0]),
                ["price"] = 260_000m,
                ["dealKind"] = 0,      // Assignment
                ["tradingMode"] = 0,   // Negotiated
                ["pricingMethod"] = 0, // Negotiated
                ["terms"] = "重复投递测试 / duplicate delivery",
                ["paymentSchedule"] = new[] { new { name = "合同价款", amount = 260_000m, dueOn = DateOnly.FromDateTime(now.UtcDateTime.AddDays(30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } },
                ["royaltyRate"] = null,
                ["struckAt"] = now,
            },
        });
    }

    private static async Task Infra(string command, CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(SystemUnderTest.FindRepositoryRoot(), "deploy", "infra.sh"), command, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"deploy/infra.sh {command} failed: {await stdout} {await stderr}");
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
            rows.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
        }

        return rows;
    }

    private static async Task Until(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // The database may still be coming back.
            }

            await Task.Delay(250, ct);
        }

        Assert.Fail("Timed out waiting for " + what);
    }
}
