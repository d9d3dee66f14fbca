using IpExchange.EventStore;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Deals;
using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Matching.Auctions;

/// <summary>A bid: its bidder's 竞买号 (<paramref name="Paddle"/>) for everyone, the bidder's name only for those who may know it.</summary>
public sealed record BidView(int Number, int Paddle, string? Bidder, decimal Amount, DateTimeOffset At, bool Mine);

/// <summary>
/// An auction as one caller sees it: the reserve only for the exchange and the seller; bidders by
/// their 竞买号 (paddle number, given at registration, the same for every viewer). The seller, like
/// every bidder, sees paddle numbers while bidding runs (knowing who bids would let it favour or
/// steer them) and learns the winner's name at the close; the exchange, which runs the auction and
/// watches for bidders of one group, sees their names all along. No viewer gets an organisation id.
/// A bidder sees its own paddle number and whether it leads.
/// </summary>
public sealed record AuctionView(
    string Id, string ListingId, string ListingTitle, string Status, DateTimeOffset StartsAt, DateTimeOffset EndsAt, decimal StartingPrice,
    decimal Increment, decimal Deposit, int SoftCloseWindowSeconds, int SoftCloseExtensionSeconds, decimal? ReservePrice, decimal? CurrentPrice,
    decimal MinimumNextBid, bool Registered, IReadOnlyList<BidView> Bids, string? Outcome, string? Winner, decimal? Price, long Version,
    int? WinnerPaddle = null, int? MyPaddle = null, bool Leading = false, int BidderCount = 0, bool Seller = false,
    DateTimeOffset? AnnouncedAt = null, DateTimeOffset? RegistrationDeadline = null, bool RegistrationOpen = false)
{
    /// <summary>The auction as <paramref name="caller"/> may see it; <paramref name="now"/> says whether registration is still open.</summary>
    public static AuctionView From(Auction a, long version, Caller caller, DateTimeOffset now)
    {
        var s = a.Schedule!;
        var seller = caller.OrganisationId == s.SellerOrganisationId;
        var insider = caller.IsExchange || seller;
        var sellerLearnsWinner = seller && a.Status == AuctionStatus.Closed;
        string? Name(string org) =>
            caller.IsExchange || org == caller.OrganisationId || (sellerLearnsWinner && org == a.Result?.WinnerOrganisationId) ? a.Bidders[org].OrganisationName : null;
        var mine = a.Bidders.GetValueOrDefault(caller.OrganisationId);
        var leader = a.Bids.Count == 0 ? null : a.Bids[^1].BidderOrganisationId;
        var winner = a.Result?.WinnerOrganisationId;
        return new AuctionView(a.Id!, s.ListingId, s.ListingTitle, a.Status.ToString(), s.StartsAt, a.EndsAt, s.Rules.StartingPrice, s.Rules.Increment,
            s.Rules.Deposit, (int)s.Rules.SoftCloseWindow.TotalSeconds, (int)s.Rules.SoftCloseExtension.TotalSeconds, insider ? s.Rules.ReservePrice : null,
            a.CurrentPrice, a.MinimumNextBid, mine is not null,
            a.Bids.Select((b, i) => new BidView(i + 1, a.Bidders[b.BidderOrganisationId].Paddle, Name(b.BidderOrganisationId), b.Amount, b.ArrivedAt,
                b.BidderOrganisationId == caller.OrganisationId)).ToList(),
            a.Result?.Outcome, winner is null ? null : Name(winner), a.Result?.Price, version,
            winner is null ? null : a.Bidders[winner].Paddle, mine?.Paddle, mine is not null && leader == caller.OrganisationId, a.Bidders.Count, seller,
            s.AnnouncedAt, s.RegistrationDeadline, a.RegistrationOpenAt(now));
    }
}

public static class AuctionEndpoints
{
    public const string CloseTimer = "auction-close";
    public const string StartTimer = "auction-start";

    public static void Map(RouteGroupBuilder auctions)
    {
        auctions.MapPost("/", async (ScheduleAuctionRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var id = BusinessIds.New("PM", time.GetUtcNow());
            try
            {
                var scheduled = await store.Execute<Auction>(http, Auction.StreamId(id), async (_, session) =>
                {
                    var listing = request.ListingId is null ? null : await CatalogueEntry.Find(session.Marten, request.ListingId, http.RequestAborted);
                    if (listing is not null && await session.Marten.Query<OpenAuction>().AnyAsync(x => x.ListingId == listing.ListingId, http.RequestAborted))
                    {
                        throw AlreadyScheduled();
                    }

                    var e = AuctionDecisions.Schedule(id, request, listing is null ? null : AuctionedListing.Of(listing), caller, time.GetUtcNow());
                    await session.ScheduleTimer(StartTimer, id, e.StartsAt, cancellationToken: http.RequestAborted);
                    await session.ScheduleTimer(CloseTimer, id, e.EndsAt, cancellationToken: http.RequestAborted);
                    return [e];
                });
                return Results.Created($"/api/auctions/{id}", AuctionView.From(scheduled.State, scheduled.Version, caller, time.GetUtcNow()));
            }
            catch (Exception e) when (MatchingSchema.Violates(e, OpenAuction.OnePerListing))
            {
                // Two schedules for one listing raced past the check above: the document's key kept the second out.
                throw AlreadyScheduled();
            }
        }).RequireAuthorization(IdentitySetup.ExchangePolicy).Produces<AuctionView>(StatusCodes.Status201Created).WithSummary("Schedule an auction for a listing priced by auction or online bidding");

        // Registrations and bids take the auction stream's row lock (exclusive writing): in the last
        // seconds they queue on it instead of losing optimistic races and retrying.
        auctions.MapPost("/{id}/registrations", async (string id, RegisterRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var registered = await store.Execute<Auction>(http, Auction.StreamId(id),
                (auction, _) => Task.FromResult<IReadOnlyList<object>>([AuctionDecisions.Register(auction.State, request, caller, time.GetUtcNow())]), exclusive: true);
            return Results.Ok(AuctionView.From(registered.State, registered.Version, caller, time.GetUtcNow()));
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).Produces<AuctionView>().WithSummary("Register to bid, with the deposit's payment reference");

        auctions.MapPost("/{id}/bids", async (string id, BidRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            // The server's clock when the bid arrived decides whether it met the end, however long
            // it then waits for the bids ahead of it; the price it must beat is the one it finds.
            var arrivedAt = time.GetUtcNow();
            var bidId = Guid.NewGuid().ToString("N");
            var after = await store.Execute<Auction>(http, Auction.StreamId(id), async (auction, session) =>
            {
                var bid = AuctionDecisions.Bid(auction.State, request, caller, arrivedAt, bidId);
                if (bid.EndsAt != auction.State.EndsAt)
                {
                    await session.ScheduleTimer(CloseTimer, id, bid.EndsAt, cancellationToken: http.RequestAborted);
                }

                return [bid];
            }, exclusive: true);
            return Results.Ok(AuctionView.From(after.State, after.Version, caller, time.GetUtcNow()));
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).Produces<AuctionView>().WithSummary("Place a bid (竞价)");

        auctions.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var auction = await store.Load<Auction>(Auction.StreamId(id), http.RequestAborted);
            if (!auction.State.Exists)
            {
                throw new NotFoundException("auction", id);
            }

            http.Response.SetVersionETag(auction.Version);
            return Results.Ok(AuctionView.From(auction.State, auction.Version, http.Caller(), time.GetUtcNow()));
        }).Produces<AuctionView>().WithSummary("The auction room: prices, bids by paddle number, the (extended) end, the outcome");

        auctions.MapGet("/{id}/live", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            if (await store.StreamVersion(Auction.StreamId(id), http.RequestAborted) == 0)
            {
                throw new NotFoundException("auction", id);
            }

            return TypedResults.ServerSentEvents(Live(id, caller, store, time, http.RequestAborted));
        }).Produces<AuctionView>(StatusCodes.Status200OK, "text/event-stream").WithSummary("The auction room live (server-sent events): the room as the caller sees it, again after every bid, extension and the close");
    }

    private static DomainRuleViolationException AlreadyScheduled() =>
        new("auction.already-scheduled", "listingId", "The listing already has an auction that has not ended.");

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
                yield return new System.Net.ServerSentEvents.SseItem<AuctionView>(AuctionView.From(auction.State, auction.Version, caller, time.GetUtcNow()), "auction")
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

}

/// <summary>Records the start of bidding when the start time comes, from the durable timer.</summary>
public sealed class AuctionStarter(TimeProvider time) : ITimerHandler
{
    public string Kind => AuctionEndpoints.StartTimer;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var auction = await session.LoadExclusive<Auction>(Auction.StreamId(timer.Key), cancellationToken);
        var events = AuctionDecisions.Start(auction.State, time.GetUtcNow());
        if (events.Count > 0)
        {
            session.Append(auction, events);
        }
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
        // Exclusive, as the bids are: a bid in flight finishes (and may move the end) before the close decides.
        var auction = await session.LoadExclusive<Auction>(Auction.StreamId(timer.Key), cancellationToken);
        var now = time.GetUtcNow();
        if (!auction.State.IsOpen)
        {
            return;
        }

        if (now < auction.State.EndsAt)
        {
            await session.ScheduleTimer(AuctionEndpoints.CloseTimer, timer.Key, auction.State.EndsAt, cancellationToken: cancellationToken);
            return;
        }

        var events = AuctionDecisions.Close(auction.State, now).ToList();
        if (events[0] is AuctionClosed { Outcome: Auction.Won } won)
        {
            // 成交: the Listing service reserves the listing, the Contract service drafts the agreement.
            var deal = AuctionDecisions.Deal(auction.State, won, $"DEAL-{auction.State.Id}");
            if (await DealBook.TryStrike(session, store, deal, "auction", cancellationToken))
            {
                events[0] = won with { DealId = deal.DealId };
            }
            else
            {
                // Another deal holds the listing (it cannot be bought other ways while it is auctioned,
                // so this is a listing dealt before the auction was scheduled): the win is kept, the
                // deal is recorded as refused for the parties to see, and no DealStruck goes out.
                await DealBook.RecordRefused(session, store, deal, "auction", "该挂牌已由其他交易占用 / Another deal holds the listing", cancellationToken);
            }
        }

        session.Append(auction, events);
    }
}
