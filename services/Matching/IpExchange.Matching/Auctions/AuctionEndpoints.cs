using IpExchange.Contracts;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.Matching.Deals;
using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Matching.Auctions;

public sealed record BidView(int Number, string Bidder, decimal Amount, DateTimeOffset At, bool Mine);

/// <summary>An auction as one caller sees it: the reserve only for the exchange and the seller; bidders by paddle number.</summary>
public sealed record AuctionView(
    string Id, string ListingId, string ListingTitle, string Status, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal StartingPrice,
    decimal Increment, decimal Deposit, int SoftCloseWindowSeconds, int SoftCloseExtensionSeconds, decimal? ReservePrice, decimal? CurrentPrice,
    decimal MinimumNextBid, bool Registered, IReadOnlyList<BidView> Bids, string? Outcome, string? Winner, decimal? Price, long Version)
{
    public static AuctionView From(Auction a, long version, Caller caller)
    {
        var s = a.Schedule!;
        var insider = caller.IsExchange || caller.OrganisationId == s.SellerOrganisationId;
        var paddles = a.Bidders.Keys.Order(StringComparer.Ordinal).Select((org, i) => (org, i + 1)).ToDictionary(x => x.org, x => x.Item2);
        string Label(string org) => insider || org == caller.OrganisationId ? org : $"竞买人 #{paddles[org]}";
        return new AuctionView(a.Id!, s.ListingId, s.ListingTitle, a.Status.ToString(), s.StartsAt, a.EndsAt, s.Rules.StartingPrice, s.Rules.Increment,
            s.Rules.Deposit, (int)s.Rules.SoftCloseWindow.TotalSeconds, (int)s.Rules.SoftCloseExtension.TotalSeconds, insider ? s.Rules.ReservePrice : null,
            a.CurrentPrice, a.MinimumNextBid, a.Bidders.ContainsKey(caller.OrganisationId),
            a.Bids.Select((b, i) => new BidView(i + 1, Label(b.BidderOrganisationId), b.Amount, b.ArrivedAt, b.BidderOrganisationId == caller.OrganisationId)).ToList(),
            a.Result?.Outcome, a.Result?.WinnerOrganisationId is { } w ? Label(w) : null, a.Result?.Price, version);
    }
}

public static class AuctionEndpoints
{
    public const string CloseTimer = "auction-close";

    public static void Map(RouteGroupBuilder auctions)
    {
        auctions.MapPost("/", async (ScheduleAuctionRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var id = BusinessIds.New("PM", time.GetUtcNow());
            Auction? after = null;
            await store.Execute<Auction>(http, Auction.StreamId(id), async (_, session) =>
            {
                var listing = request.ListingId is null ? null : await Listing(session, store, request.ListingId, http.RequestAborted);
                if (listing is not null && await HasOpenAuction(session, store, listing.ListingId, http.RequestAborted))
                {
                    throw new DomainRuleViolationException("auction.already-scheduled", "listingId", "The listing already has an auction that has not ended.");
                }

                var scheduled = AuctionDecisions.Schedule(id, request, listing, caller, time.GetUtcNow());
                after = Auction.Evolve(Auction.Initial, scheduled);
                await session.ScheduleTimer(CloseTimer, id, scheduled.EndsAt, cancellationToken: http.RequestAborted);
                await using var open = new NpgsqlCommand(store.Sql("INSERT INTO {schema}.open_auctions (listing_id, auction_id) VALUES (@l, @a)"), session.Connection, session.Transaction);
                open.Parameters.AddWithValue("l", scheduled.ListingId);
                open.Parameters.AddWithValue("a", id);
                try
                {
                    await open.ExecuteNonQueryAsync(http.RequestAborted);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // Two schedules for one listing raced: the other one won.
                    throw new DomainRuleViolationException("auction.already-scheduled", "listingId", "The listing already has an auction that has not ended.");
                }
                return [scheduled];
            });
            return Results.Created($"/api/auctions/{id}", AuctionView.From(after!, 1, caller));
        }).RequireAuthorization(IdentitySetup.ExchangePolicy).WithSummary("Schedule an auction for a listing priced by auction or online bidding");

        auctions.MapPost("/{id}/registrations", async (string id, RegisterRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            Auction? after = null;
            var version = await store.Execute<Auction>(http, Auction.StreamId(id), auction =>
            {
                var registered = AuctionDecisions.Register(auction.State, request, caller, time.GetUtcNow());
                after = Auction.Evolve(auction.State, registered);
                return [registered];
            });
            return Results.Ok(AuctionView.From(after!, version, caller));
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).WithSummary("Register to bid, with the deposit's payment reference");

        auctions.MapPost("/{id}/bids", async (string id, BidRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var arrivedAt = time.GetUtcNow(); // the server's clock when the bid arrived decides whether it met the end
            var bidId = Guid.NewGuid().ToString("N");
            // Bids race on the auction's version; a bid that lost the race is decided again against
            // the new state (it may now be below the increment), a few times at most.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
                    var auction = await session.Load<Auction>(Auction.StreamId(id), http.RequestAborted);
                    var bid = AuctionDecisions.Bid(auction.State, request, caller, arrivedAt, bidId);
                    session.Append(auction, bid);
                    if (bid.EndsAt != auction.State.EndsAt)
                    {
                        await session.ScheduleTimer(CloseTimer, id, bid.EndsAt, cancellationToken: http.RequestAborted);
                    }

                    var s = auction.State.Schedule!;
                    session.Publish(new AuctionBidAccepted(id, s.ListingId, caller.OrganisationId, caller.Group, bid.Amount, bid.ArrivedAt, bid.EndsAt), auction.StreamId);
                    await session.SaveChanges(http.RequestAborted);
                    var after = Auction.Evolve(auction.State, bid);
                    http.Response.SetVersionETag(auction.Version + 1);
                    return Results.Ok(AuctionView.From(after, auction.Version + 1, caller));
                }
                catch (ConcurrencyException) when (attempt < 100)
                {
                    await Task.Delay(Random.Shared.Next(1, 5 * attempt), http.RequestAborted);
                }
            }
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).WithSummary("Place a bid (竞价)");

        auctions.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var auction = await store.Load<Auction>(Auction.StreamId(id), http.RequestAborted);
            if (!auction.State.Exists)
            {
                throw new NotFoundException("auction", id);
            }

            http.Response.SetVersionETag(auction.Version);
            return Results.Ok(AuctionView.From(auction.State, auction.Version, http.Caller()));
        }).WithSummary("The auction room: prices, bids by paddle number, the (extended) end, the outcome");

        auctions.MapGet("/{id}/live", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            if (await store.StreamVersion(Auction.StreamId(id), http.RequestAborted) == 0)
            {
                throw new NotFoundException("auction", id);
            }

            return TypedResults.ServerSentEvents(Live(id, caller, store, time, http.RequestAborted));
        }).WithSummary("The auction room live (server-sent events): the room as the caller sees it, again after every bid, extension and the close");

    }

    /// <summary>
    /// Watches the auction stream's version (one indexed row, read every half second, so any replica
    /// serves any bidder) and sends the room whenever it moved, and at least every 15 seconds so that
    /// proxies (the gateway cuts a connection idle for 30 s) keep the stream open and the countdown
    /// stays in step with the server. Ends when the auction has closed and been sent, or the client leaves.
    /// </summary>
    private static async IAsyncEnumerable<System.Net.ServerSentEvents.SseItem<AuctionView>> Live(
        string id, Caller caller, EventStore.EventStore store, TimeProvider time, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long sent = -1;
        var sentAt = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await store.StreamVersion(Auction.StreamId(id), cancellationToken) != sent || time.GetUtcNow() - sentAt > TimeSpan.FromSeconds(15))
            {
                var auction = await store.Load<Auction>(Auction.StreamId(id), cancellationToken);
                (sent, sentAt) = (auction.Version, time.GetUtcNow());
                yield return new System.Net.ServerSentEvents.SseItem<AuctionView>(AuctionView.From(auction.State, auction.Version, caller), "auction")
                {
                    EventId = auction.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (auction.State.Status == AuctionStatus.Closed)
                {
                    yield break;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static async Task<AuctionedListing?> Listing(EventSession session, EventStore.EventStore store, string listingId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql(
            "SELECT listing_id, title, owner_org, status, deal_kind, pricing_method, asking_price, reserve_price FROM {schema}.catalogue WHERE listing_id = @id"),
            session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("id", listingId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AuctionedListing(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Enum.Parse<DealKind>(reader.GetString(4)),
                Enum.Parse<PricingMethod>(reader.GetString(5)), reader.GetDecimal(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7))
            : null;
    }

    private static async Task<bool> HasOpenAuction(EventSession session, EventStore.EventStore store, string listingId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("SELECT 1 FROM {schema}.open_auctions WHERE listing_id = @l"), session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("l", listingId);
        return await cmd.ExecuteScalarAsync(cancellationToken) is not null;
    }
}

/// <summary>
/// Closes an auction when its (extended) end has passed, from the durable timer: it fires even if
/// the service was down at that moment. If a late bid moved the end, the timer is set again.
/// </summary>
public sealed class AuctionCloser(TimeProvider time, EventStore.EventStore store) : ITimerHandler
{
    public string Kind => AuctionEndpoints.CloseTimer;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var auction = await session.Load<Auction>(Auction.StreamId(timer.Key), cancellationToken);
        var now = time.GetUtcNow();
        if (auction.State.Status != AuctionStatus.Scheduled)
        {
            return;
        }

        if (now < auction.State.EndsAt)
        {
            await session.ScheduleTimer(AuctionEndpoints.CloseTimer, timer.Key, auction.State.EndsAt, cancellationToken: cancellationToken);
            return;
        }

        var events = AuctionDecisions.Close(auction.State, now);
        session.Append(auction, [.. events]);
        var s = auction.State.Schedule!;
        var closed = (AuctionClosed)events[0];
        session.Publish(new AuctionEnded(auction.State.Id!, s.ListingId, closed.Outcome, closed.WinnerOrganisationId, closed.Price, auction.State.Bids.Count, now), auction.StreamId);
        foreach (var released in events.OfType<DepositReleased>())
        {
            session.Publish(new AuctionDepositReleased(auction.State.Id!, released.OrganisationId, released.Amount, now), auction.StreamId);
        }

        if (closed.Outcome == Auction.Won)
        {
            // 成交: the Listing service reserves the listing, the Contract service drafts the agreement.
            var deal = new DealStruck($"DEAL-{auction.State.Id}", s.ListingId, s.SellerOrganisationId, closed.WinnerOrganisationId!, closed.Price!.Value,
                s.DealKind, TradingMode.Bidding, s.PricingMethod, "拍卖成交，按竞价结果签订转让（许可）合同；竞得人保证金抵作价款。",
                [new PaymentTerm("成交价款（扣除保证金）", closed.Price.Value - s.Rules.Deposit, DateOnly.FromDateTime(now.UtcDateTime).AddDays(30))],
                null, now);
            if (!await DealBook.TryStrike(session, store, deal, "auction", auction.StreamId, cancellationToken))
            {
                // Another deal holds the listing (it cannot be bought other ways while it is auctioned,
                // so this is a listing dealt before the auction was scheduled): the win is kept, the
                // deal is recorded as refused for the parties to see.
                await DealBook.RecordRefused(session, store, deal, "auction", "该挂牌已由其他交易占用 / Another deal holds the listing", cancellationToken);
            }
        }

        await using var done = new NpgsqlCommand(store.Sql("DELETE FROM {schema}.open_auctions WHERE auction_id = @a"), session.Connection, session.Transaction);
        done.Parameters.AddWithValue("a", auction.State.Id!);
        await done.ExecuteNonQueryAsync(cancellationToken);
    }
}
