using System.Net;
using System.Net.Http.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using IpExchange.Testing;
using static IpExchange.Matching.Tests.MatchingApi;

namespace IpExchange.Matching.Tests;

/// <summary>Auctions against the real servers: many bidders at the end, soft close, the durable close.</summary>
[Collection("matching-api")]
public sealed class AuctionTests(MatchingApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus, typeof(DealStruck), typeof(AuctionEnded), typeof(AuctionDepositReleased));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    private static Caller Bidder(int i) => new($"u-bidder-{i}", $"竞买人{i}", $"org-bidder-{i:D2}", $"竞买企业{i:D2}有限公司", Roles.Enterprise, i % 10 == 0 ? "grp-same" : null, "重庆");

    private static async Task<ListingPublished> AuctionListing(MatchingApi on, decimal reserve)
    {
        var listing = Published("一种轨道交通牵引变流器拍卖专利", ["H02M 7/48"], asking: 100_000m, pricing: PricingMethod.Auction, reserve: reserve);
        await on.Bus.Publish(listing);
        await Eventually(async () => (await on.As(Staff).GetAsync($"/api/demands/for-listing/{listing.ListingId}")).IsSuccessStatusCode, "the listing to reach the catalogue");
        return listing;
    }

    private static async Task<string> Schedule(MatchingApi on, string listingId, DateTimeOffset endsAt, decimal deposit = 0, int window = 3, int extension = 2)
    {
        var response = await on.As(Staff).PostAsJsonAsync("/api/auctions", new
        {
            listingId, startsAt = DateTimeOffset.UtcNow.AddSeconds(-1), endsAt, startingPrice = 100_000m, increment = 1_000m, deposit,
            softCloseWindowSeconds = window, softCloseExtensionSeconds = extension,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Body(response)).GetProperty("id").GetString()!;
    }

    private static async Task<System.Text.Json.JsonElement> Closed(MatchingApi on, string id, int seconds = 40)
    {
        System.Text.Json.JsonElement view = default;
        await Eventually(async () =>
        {
            view = await Body(await on.As(Staff).GetAsync($"/api/auctions/{id}"));
            return view.GetProperty("status").GetString() == "Closed";
        }, "the auction to close", seconds);
        return view;
    }

    [Fact]
    public async Task Fifty_bidders_in_the_last_seconds_every_bid_answered_strictly_increasing_one_winner_soft_close_extends()
    {
        // A service of its own, whose clock the test moves to the last seconds instead of waiting for them.
        await using var own = new MatchingApi();
        await own.InitializeAsync();
        var listing = await AuctionListing(own, reserve: 110_000m);
        var originalEnd = own.Clock.GetUtcNow().AddHours(1);
        var id = await Schedule(own, listing.ListingId, originalEnd, window: 3, extension: 2);
        var bidders = Enumerable.Range(1, 50).Select(Bidder).ToList();
        foreach (var bidder in bidders)
        {
            Assert.Equal(HttpStatusCode.OK, (await own.As(bidder).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "n/a" })).StatusCode);
        }

        // Into the soft-close window, then all at once.
        own.Clock.Advance(originalEnd - own.Clock.GetUtcNow() - TimeSpan.FromSeconds(2));

        var clients = bidders.Select(own.As).ToList();
        var answers = await Task.WhenAll(clients.Select((client, i) =>
            client.PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 100_000m + (1_000m * ((i * 7 % 50) + 1)) })));

        foreach (var answer in answers)
        {
            Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            if (answer.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                Assert.Contains((await Body(answer)).GetProperty("rule").GetString(), new[] { "bid.below-increment", "auction.closed" });
            }
        }

        var view = await Closed(own, id);
        var bids = view.GetProperty("bids").EnumerateArray().ToList();
        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(accepted, bids.Count);
        Assert.True(accepted >= 1);
        var amounts = bids.Select(b => b.GetProperty("amount").GetDecimal()).ToList();
        Assert.True(amounts.Zip(amounts.Skip(1)).All(p => p.Second >= p.First + 1_000m), "accepted bids strictly increase by the increment");
        var finalEnd = view.GetProperty("endsAt").GetDateTimeOffset();
        Assert.All(bids, b => Assert.True(b.GetProperty("at").GetDateTimeOffset() < finalEnd));
        Assert.True(finalEnd > originalEnd, "a bid in the last seconds extends the end");

        Assert.Equal("Won", view.GetProperty("outcome").GetString());
        Assert.Equal(amounts.Max(), view.GetProperty("price").GetDecimal());
        Assert.Equal(bids[^1].GetProperty("paddle").GetInt32(), view.GetProperty("winnerPaddle").GetInt32());

        await Eventually(() => Task.FromResult(_heard.OfType<DealStruck>().Any(d => d.DealId == $"DEAL-{id}")), "DealStruck");
        var deal = _heard.OfType<DealStruck>().Single(d => d.DealId == $"DEAL-{id}");
        Assert.Equal(amounts.Max(), deal.Price);
        Assert.Equal(listing.ListingId, deal.ListingId);
        Assert.Equal(TradingMode.Bidding, deal.TradingMode);
        await Eventually(() => Task.FromResult(_heard.OfType<AuctionDepositReleased>().Count(r => r.AuctionId == id) == 49), "49 deposits released");

        // After the close, no bid is taken.
        var late = await clients[0].PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 999_999m });
        Assert.Equal("auction.closed", (await Body(late)).GetProperty("rule").GetString());
        Assert.Equal(bids.Count, (await Body(await own.As(Staff).GetAsync($"/api/auctions/{id}"))).GetProperty("bids").GetArrayLength());
    }

    [Fact]
    public async Task Bad_bids_get_clear_errors_and_change_nothing()
    {
        var listing = await AuctionListing(api, reserve: 150_000m);
        var id = await Schedule(api, listing.ListingId, DateTimeOffset.UtcNow.AddMinutes(10), deposit: 20_000m);
        var a = Bidder(71);
        var b = Bidder(72);
        var noReference = await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReference.StatusCode);
        Assert.True((await Body(noReference)).GetProperty("errors").TryGetProperty("depositReference", out _));
        Assert.Equal(HttpStatusCode.OK, (await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "BOC-2026-11-22-0071" })).StatusCode);

        Assert.Equal("auction.not-registered", (await Body(await api.As(b).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 100_000m }))).GetProperty("rule").GetString());
        Assert.Equal("bid.below-increment", (await Body(await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 99_999m }))).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = -5m })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 100_000.001m })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 100_000m })).StatusCode);
        var below = await Body(await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 100_500m }));
        Assert.Equal("bid.below-increment", below.GetProperty("rule").GetString());
        Assert.Contains("101000.00", below.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The seller's organisation cannot take part; a university cannot bid at all; unknown auctions are 404.
        var seller = new Caller("u-seller", "卖方", listing.OwnerOrganisationId, "西南轨道交通大学", Roles.Enterprise, null, null);
        Assert.Equal("auction.seller-cannot-bid", (await Body(await api.As(seller).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "x" }))).GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Uni).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 200_000m })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(a).PostAsJsonAsync("/api/auctions/PM-NOPE/bids", new { amount = 200_000m })).StatusCode);

        // The reserve is the seller's and the exchange's secret.
        var view = await Body(await api.As(a).GetAsync($"/api/auctions/{id}"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("reservePrice").ValueKind);
        Assert.Equal(150_000m, (await Body(await api.As(Staff).GetAsync($"/api/auctions/{id}"))).GetProperty("reservePrice").GetDecimal());
        Assert.Single(view.GetProperty("bids").EnumerateArray());

        // A second auction for the same listing while this one runs is refused.
        var again = await api.As(Staff).PostAsJsonAsync("/api/auctions", new
        {
            listingId = listing.ListingId, startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddMinutes(5), startingPrice = 1m, increment = 1m,
        });
        Assert.Equal("auction.already-scheduled", (await Body(again)).GetProperty("rule").GetString());
    }

    [Fact]
    public async Task The_seller_sees_paddle_numbers_while_bidding_runs_and_learns_the_winner_at_the_close()
    {
        var listing = await AuctionListing(api, reserve: 100_000m);
        var id = await Schedule(api, listing.ListingId, DateTimeOffset.UtcNow.AddSeconds(6), window: 0, extension: 0);
        var (a, b) = (Bidder(51), Bidder(52));
        foreach (var bidder in new[] { a, b })
        {
            Assert.Equal(HttpStatusCode.OK, (await api.As(bidder).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "BZJ-51-52" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 100_000m })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(b).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 101_000m })).StatusCode);

        // While bidding runs the seller sees the prices and its reserve, and bidders only by paddle number.
        var seller = new Caller("u-seller-51", "卖方", listing.OwnerOrganisationId, listing.OwnerOrganisationName, Roles.University, null, null);
        await api.DueTimersFired(); // the start (a second ago) is recorded by its timer
        var during = await Body(await api.As(seller).GetAsync($"/api/auctions/{id}"));
        Assert.Equal("Running", during.GetProperty("status").GetString());
        Assert.Equal(100_000m, during.GetProperty("reservePrice").GetDecimal());
        var bids = during.GetProperty("bids").EnumerateArray().ToList();
        Assert.Equal(2, bids.Count);
        // One 竞买号 per bidder, given in the order they registered, and no name while bidding runs.
        Assert.Equal([1, 2], bids.Select(x => x.GetProperty("paddle").GetInt32()));
        Assert.All(bids, x => Assert.Equal(System.Text.Json.JsonValueKind.Null, x.GetProperty("bidder").ValueKind));
        Assert.DoesNotContain(a.OrganisationId, during.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(b.OrganisationId, during.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(b.OrganisationName, during.ToString(), StringComparison.Ordinal);
        // The exchange, which runs the auction, sees who bids, by name, under the same numbers.
        var staff = await Body(await api.As(Staff).GetAsync($"/api/auctions/{id}"));
        Assert.Equal([(1, a.OrganisationName), (2, b.OrganisationName)],
            staff.GetProperty("bids").EnumerateArray().Select(x => (x.GetProperty("paddle").GetInt32(), x.GetProperty("bidder").GetString())));
        Assert.DoesNotContain(b.OrganisationId, staff.ToString(), StringComparison.Ordinal);
        // A bidder sees its own number and whether it leads.
        var ofA = await Body(await api.As(a).GetAsync($"/api/auctions/{id}"));
        Assert.Equal((1, false), (ofA.GetProperty("myPaddle").GetInt32(), ofA.GetProperty("leading").GetBoolean()));
        var ofB = await Body(await api.As(b).GetAsync($"/api/auctions/{id}"));
        Assert.Equal((2, true), (ofB.GetProperty("myPaddle").GetInt32(), ofB.GetProperty("leading").GetBoolean()));

        await Closed(api, id);
        var after = await Body(await api.As(seller).GetAsync($"/api/auctions/{id}"));
        Assert.Equal(("Won", b.OrganisationName, 2), (after.GetProperty("outcome").GetString(), after.GetProperty("winner").GetString(), after.GetProperty("winnerPaddle").GetInt32()));
        Assert.DoesNotContain(a.OrganisationName, after.ToString(), StringComparison.Ordinal); // the losers stay paddle numbers
        // Another bidder learns only that a paddle number won.
        var loser = await Body(await api.As(a).GetAsync($"/api/auctions/{id}"));
        Assert.Equal((System.Text.Json.JsonValueKind.Null, 2), (loser.GetProperty("winner").ValueKind, loser.GetProperty("winnerPaddle").GetInt32()));
    }

    [Fact]
    public async Task The_auction_notices_list_each_auction_by_status_for_every_member_without_its_reserve()
    {
        var listing = await AuctionListing(api, reserve: 120_000m);
        var id = await Schedule(api, listing.ListingId, DateTimeOffset.UtcNow.AddSeconds(6), deposit: 10_000m, window: 0, extension: 0);
        var bidder = Bidder(61);
        Assert.Equal(HttpStatusCode.OK, (await api.As(bidder).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "BZJ-61" })).StatusCode);

        // Any member finds it, by its listing and among the open ones, with the rules a bidder needs and no reserve.
        var byListing = await Body(await api.As(Bidder(62)).GetAsync($"/api/auctions?listingId={listing.ListingId}"));
        var notice = Assert.Single(byListing.GetProperty("items").EnumerateArray());
        Assert.Equal((id, listing.Title, 100_000m, 1_000m, 10_000m, 1),
            (notice.GetProperty("auctionId").GetString(), notice.GetProperty("listingTitle").GetString(), notice.GetProperty("startingPrice").GetDecimal(),
             notice.GetProperty("increment").GetDecimal(), notice.GetProperty("deposit").GetDecimal(), notice.GetProperty("bidders").GetInt32()));
        Assert.DoesNotContain("120000", notice.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bidder.OrganisationId, notice.ToString(), StringComparison.Ordinal);
        await Eventually(async () => (await Body(await api.As(Bidder(62)).GetAsync("/api/auctions?status=Running&pageSize=100")))
            .GetProperty("items").EnumerateArray().Any(a => a.GetProperty("auctionId").GetString() == id), "the auction among the running ones");

        // Ended without a bid: among the closed ones, with its result.
        await Closed(api, id);
        var closed = await Body(await api.As(Bidder(62)).GetAsync("/api/auctions?status=Closed&pageSize=100"));
        var ended = closed.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("auctionId").GetString() == id);
        Assert.Equal(("Closed", "NoBids"), (ended.GetProperty("status").GetString(), ended.GetProperty("outcome").GetString()));
        Assert.True(closed.GetProperty("total").GetInt64() >= 1);
        Assert.DoesNotContain(closed.GetProperty("items").EnumerateArray(), a => a.GetProperty("status").GetString() != "Closed");
    }

    [Fact]
    public async Task An_announcement_period_and_a_registration_deadline_are_validated_shown_in_the_notices_and_the_room()
    {
        var listing = await AuctionListing(api, reserve: 130_000m);
        var now = DateTimeOffset.UtcNow;
        var (starts, ends) = (now.AddHours(2), now.AddHours(3));
        async Task<System.Text.Json.JsonElement> Refused(object request, string field)
        {
            var answer = await api.As(Staff).PostAsJsonAsync("/api/auctions", request);
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, await answer.Content.ReadAsStringAsync());
            return (await Body(answer)).GetProperty("codes").GetProperty(field)[0];
        }

        // 报名截止 after the start, or not after the announcement; an announcement after the start.
        var late = await Refused(new { listingId = listing.ListingId, startsAt = starts, endsAt = ends, startingPrice = 100_000m, increment = 1_000m, registrationDeadline = starts.AddMinutes(1) },
            "registrationDeadline");
        Assert.Equal("auction.registration-deadline-after-start", late.GetProperty("code").GetString());
        Assert.Equal(starts, late.GetProperty("max").GetDateTimeOffset());
        var early = await Refused(new
        {
            listingId = listing.ListingId, announcedAt = now.AddHours(1), startsAt = starts, endsAt = ends, startingPrice = 100_000m, increment = 1_000m,
            registrationDeadline = now.AddMinutes(30),
        }, "registrationDeadline");
        Assert.Equal("auction.registration-deadline-before-announcement", early.GetProperty("code").GetString());
        Assert.Equal("auction.announced-after-start", (await Refused(new
        {
            listingId = listing.ListingId, announcedAt = starts.AddMinutes(1), startsAt = starts, endsAt = ends, startingPrice = 100_000m, increment = 1_000m,
        }, "announcedAt")).GetProperty("code").GetString());
        Assert.Equal(0, (await Body(await api.As(Bidder(81)).GetAsync($"/api/auctions?listingId={listing.ListingId}"))).GetProperty("total").GetInt64());

        // A good one: the room and the notices show the announcement period and the deadline; registration is open until then.
        var deadline = starts.AddMinutes(-30);
        var created = await api.As(Staff).PostAsJsonAsync("/api/auctions", new
        {
            listingId = listing.ListingId, startsAt = starts, endsAt = ends, startingPrice = 100_000m, increment = 1_000m, registrationDeadline = deadline,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var room = await Body(created);
        Assert.Equal(deadline, room.GetProperty("registrationDeadline").GetDateTimeOffset());
        Assert.InRange(room.GetProperty("announcedAt").GetDateTimeOffset(), now.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.True(room.GetProperty("registrationOpen").GetBoolean());
        var notice = Assert.Single((await Body(await api.As(Bidder(81)).GetAsync($"/api/auctions?listingId={listing.ListingId}"))).GetProperty("items").EnumerateArray());
        Assert.Equal((deadline, room.GetProperty("announcedAt").GetDateTimeOffset()),
            (notice.GetProperty("registrationDeadline").GetDateTimeOffset(), notice.GetProperty("announcedAt").GetDateTimeOffset()));
        Assert.Equal(HttpStatusCode.OK, (await api.As(Bidder(81)).PostAsJsonAsync($"/api/auctions/{room.GetProperty("id").GetString()}/registrations", new { })).StatusCode);
    }

    [Fact]
    public async Task Registration_after_the_deadline_is_refused_with_a_stable_code_and_an_announcement_dated_later_is_not_public_yet()
    {
        // A service of its own, whose clock the test moves past the deadline instead of waiting for it.
        await using var own = new MatchingApi();
        await own.InitializeAsync();
        var listing = await AuctionListing(own, reserve: 100_000m);
        var now = own.Clock.GetUtcNow();
        var deadline = now.AddMinutes(10);
        var answer = await own.As(Staff).PostAsJsonAsync("/api/auctions", new
        {
            listingId = listing.ListingId, announcedAt = now.AddMinutes(1), startsAt = now.AddMinutes(20), endsAt = now.AddMinutes(40), startingPrice = 100_000m,
            increment = 1_000m, registrationDeadline = deadline,
        });
        Assert.True(answer.StatusCode == HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        var id = (await Body(answer)).GetProperty("id").GetString()!;
        Assert.Equal(0, (await Body(await own.As(Bidder(91)).GetAsync($"/api/auctions?listingId={listing.ListingId}"))).GetProperty("total").GetInt64());
        Assert.Equal(1, (await Body(await own.As(Staff).GetAsync($"/api/auctions?listingId={listing.ListingId}"))).GetProperty("total").GetInt64());

        own.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await Body(await own.As(Bidder(91)).GetAsync($"/api/auctions?listingId={listing.ListingId}"))).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await own.As(Bidder(91)).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { })).StatusCode);

        own.Clock.Advance(TimeSpan.FromMinutes(9));
        var refused = await own.As(Bidder(92)).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await Body(refused);
        Assert.Equal("auction.registration-closed", problem.GetProperty("rule").GetString());
        Assert.Equal(deadline, problem.GetProperty("codes").GetProperty("auction")[0].GetProperty("deadline").GetDateTimeOffset());
        var room = await Body(await own.As(Bidder(92)).GetAsync($"/api/auctions/{id}"));
        Assert.False(room.GetProperty("registrationOpen").GetBoolean());
        Assert.Equal(1, room.GetProperty("bidderCount").GetInt32());
    }

    [Fact]
    public async Task An_auction_below_its_reserve_fails_and_releases_every_deposit()
    {
        var listing = await AuctionListing(api, reserve: 500_000m);
        var id = await Schedule(api, listing.ListingId, DateTimeOffset.UtcNow.AddSeconds(6), window: 0, extension: 0);
        var a = Bidder(81);
        await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "r" });
        Assert.Equal(HttpStatusCode.OK, (await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 200_000m })).StatusCode);
        var view = await Closed(api, id);
        Assert.Equal("BelowReserve", view.GetProperty("outcome").GetString());
        await Eventually(() => Task.FromResult(_heard.OfType<AuctionDepositReleased>().Any(r => r.AuctionId == id && r.OrganisationId == a.OrganisationId)), "the deposit released");
        Assert.DoesNotContain(_heard.OfType<DealStruck>(), d => d.DealId == $"DEAL-{id}");
    }

    [Fact]
    public async Task An_auction_closes_on_time_even_when_the_service_was_down_at_its_end()
    {
        var schema = $"matching_r{DateTime.UtcNow:HHmmss}_{Guid.NewGuid():N}"[..30];
        string id;
        await using (var before = new MatchingApi { Schema = schema })
        {
            await before.InitializeAsync();
            var listing = await AuctionListing(before, reserve: 100_000m);
            id = await Schedule(before, listing.ListingId, DateTimeOffset.UtcNow.AddSeconds(6), window: 0, extension: 0);
            var a = Bidder(91);
            await before.As(a).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "r" });
            Assert.Equal(HttpStatusCode.OK, (await before.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 120_000m })).StatusCode);
        }

        // The end passes while no instance of the service runs: the restarted one's clock is past it.
        await using var after = new MatchingApi { Schema = schema };
        after.Clock.Advance(TimeSpan.FromSeconds(8));
        await after.InitializeAsync();
        var view = await Closed(after, id);
        Assert.Equal("Won", view.GetProperty("outcome").GetString());
        Assert.Equal(120_000m, view.GetProperty("price").GetDecimal());
    }
    [Fact]
    public async Task The_live_room_streams_each_bid_to_watchers_as_they_may_see_it_and_ends_with_the_close()
    {
        var listing = await AuctionListing(api, reserve: 100_000m);
        var id = await Schedule(api, listing.ListingId, DateTimeOffset.UtcNow.AddSeconds(8), window: 0, extension: 0);
        var (a, b) = (Bidder(41), Bidder(42));
        foreach (var bidder in new[] { a, b })
        {
            Assert.Equal(HttpStatusCode.OK, (await api.As(bidder).PostAsJsonAsync($"/api/auctions/{id}/registrations", new { depositReference = "n/a" })).StatusCode);
        }

        // b watches; a bids twice; b sees each price, a's bids under a paddle number, never a's name.
        using var watch = await api.As(b).GetAsync($"/api/auctions/{id}/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", watch.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync());
        var rooms = new List<System.Text.Json.JsonElement>();
        var reading = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    lock (rooms)
                    {
                        rooms.Add(System.Text.Json.JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
                    }
                }
            }
        });
        await Eventually(() => Task.FromResult(rooms.Count >= 1), "the room as it is");
        Assert.Equal(HttpStatusCode.OK, (await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 101_000m })).StatusCode);
        await Eventually(() => Task.FromResult(rooms.Any(r => r.GetProperty("currentPrice").ValueKind == System.Text.Json.JsonValueKind.Number)), "the first bid");
        Assert.Equal(HttpStatusCode.OK, (await api.As(a).PostAsJsonAsync($"/api/auctions/{id}/bids", new { amount = 105_000m })).StatusCode);
        await Eventually(() => Task.FromResult(rooms.Any(r => r.GetProperty("status").GetString() == "Closed")), "the close, streamed", seconds: 40);
        await reading.WaitAsync(TimeSpan.FromSeconds(10)); // the stream ends after the close

        System.Text.Json.JsonElement[] seen;
        lock (rooms)
        {
            seen = [.. rooms];
        }

        var prices = seen.Select(r => r.GetProperty("currentPrice")).Where(p => p.ValueKind == System.Text.Json.JsonValueKind.Number).Select(p => p.GetDecimal()).Distinct().ToList();
        Assert.Equal([101_000m, 105_000m], prices);
        Assert.All(seen.SelectMany(r => r.GetProperty("bids").EnumerateArray()), bid => Assert.True(bid.GetProperty("paddle").GetInt32() > 0 && (bid.GetProperty("mine").GetBoolean() || bid.GetProperty("bidder").ValueKind == System.Text.Json.JsonValueKind.Null)));
        Assert.All(seen, r => Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("reservePrice").ValueKind));
        var last = seen[^1];
        Assert.Equal(("Won", 105_000m), (last.GetProperty("outcome").GetString(), last.GetProperty("price").GetDecimal()));
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(b).GetAsync("/api/auctions/PM-NO-SUCH/live")).StatusCode);
    }
}
