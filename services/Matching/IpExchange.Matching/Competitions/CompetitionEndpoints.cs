using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Deals;
using IpExchange.Matching.Offers;
using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Matching.Competitions;

public sealed record SealedOfferView(string BidderOrganisationId, string BidderOrganisationName, decimal Price, IReadOnlyList<PaymentTerm> Schedule, string? Note, DateTimeOffset At);

/// <summary>
/// A competitive negotiation as one caller may see it: before the deadline an enterprise sees only
/// its own offer and the seller none (nor how many there are); the exchange sees everything; after
/// the deadline the seller sees every offer. The winner's name is shown to insiders and the winner.
/// </summary>
public sealed record CompetitionView(
    string Id, string ListingId, string ListingTitle, string SellerOrganisationId, string DealKind, decimal AskingPrice, decimal? MinimumPrice,
    DateTimeOffset Deadline, string Status, bool OffersSealed, int? OfferCount, IReadOnlyList<SealedOfferView> Offers,
    string? AwardedTo, decimal? AwardedPrice, string? DealId, string? EndReason, long Version)
{
    public static CompetitionView From(Competition c, long version, Caller caller, DateTimeOffset now)
    {
        var o = c.Opening!;
        var seller = caller.OrganisationId == o.SellerOrganisationId;
        var opened = c.Status != CompetitionStatus.Open || now >= o.Deadline;
        var seesAll = caller.IsExchange || (seller && opened);
        var offers = c.Offers.Values.Where(x => seesAll || x.BidderOrganisationId == caller.OrganisationId).OrderBy(x => x.At)
            .Select(x => new SealedOfferView(x.BidderOrganisationId, x.BidderOrganisationName, x.Price, x.Schedule, x.Note, x.At)).ToList();
        var award = c.Award is { } a && (caller.IsExchange || seller || a.BidderOrganisationId == caller.OrganisationId) ? a : null;
        return new CompetitionView(c.Id!, o.ListingId, o.ListingTitle, o.SellerOrganisationId, o.DealKind.ToString(), o.AskingPrice, o.MinimumPrice, o.Deadline,
            c.Status.ToString(), !seesAll, seesAll ? c.Offers.Count : null, offers, award?.BidderOrganisationId, award?.Price, award?.DealId, c.EndReason, version);
    }
}

public sealed record CompetitionSummary(string Id, string ListingId, string Status, DateTimeOffset Deadline);

/// <summary>竞争性谈判 over HTTP, under /api/offers/competitions.</summary>
public static class CompetitionEndpoints
{
    public const string CloseTimer = "competition-close";

    public static void Map(RouteGroupBuilder offers)
    {
        var competitions = offers.MapGroup("/competitions");

        competitions.MapPost("/", async (OpenCompetitionRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var now = time.GetUtcNow();
            var id = BusinessIds.New("JT", now);
            Competition? after = null;
            await store.Execute<Competition>(http, Competition.StreamId(id), async (_, session) =>
            {
                var listing = request.ListingId is null ? null : await CatalogueEntry.Find(session, store, request.ListingId, http.RequestAborted);
                var opened = CompetitionDecisions.Open(id, request, listing, caller, now);
                after = Competition.Evolve(Competition.Initial, opened);
                await session.ScheduleTimer(CloseTimer, id, opened.Deadline, cancellationToken: http.RequestAborted);
                await using var cmd = new NpgsqlCommand(store.Sql("""
                    INSERT INTO {schema}.competitions (id, listing_id, seller_org, status, deadline, updated_at) VALUES (@id, @l, @s, 'Open', @d, @at)
                    ON CONFLICT DO NOTHING
                    """), session.Connection, session.Transaction);
                cmd.Parameters.AddWithValue("id", id);
                cmd.Parameters.AddWithValue("l", opened.ListingId);
                cmd.Parameters.AddWithValue("s", opened.SellerOrganisationId);
                cmd.Parameters.AddWithValue("d", opened.Deadline);
                cmd.Parameters.AddWithValue("at", now);
                if (await cmd.ExecuteNonQueryAsync(http.RequestAborted) == 0)
                {
                    throw new DomainRuleViolationException("competition.already-running", "listingId", "The listing already has a competitive negotiation that has not ended.");
                }

                return [opened];
            });
            return Results.Created($"/api/offers/competitions/{id}", CompetitionView.From(after!, 1, caller, now));
        }).WithSummary("Open a competitive negotiation (竞争性谈判) on a listing: sealed offers until the deadline (the listing's owner or exchange staff)");

        competitions.MapGet("/", async (string? listingId, HttpContext http, EventStore.EventStore store) =>
        {
            if (string.IsNullOrWhiteSpace(listingId))
            {
                throw new ValidationFailedException("listingId", "Name the listing.");
            }

            await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
            var listing = await CatalogueEntry.Find(session, store, listingId, http.RequestAborted);
            if (listing is null || !listing.VisibleTo(http.Caller()))
            {
                throw new NotFoundException("listing", listingId);
            }

            await using var cmd = new NpgsqlCommand(store.Sql("SELECT id, listing_id, status, deadline FROM {schema}.competitions WHERE listing_id = @l ORDER BY deadline DESC"),
                session.Connection, session.Transaction);
            cmd.Parameters.AddWithValue("l", listingId);
            var items = new List<CompetitionSummary>();
            await using var reader = await cmd.ExecuteReaderAsync(http.RequestAborted);
            while (await reader.ReadAsync(http.RequestAborted))
            {
                items.Add(new CompetitionSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }

            return Results.Ok(items);
        }).WithSummary("The competitive negotiations of a listing the caller can see");

        competitions.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
            var c = await session.Load<Competition>(Competition.StreamId(id), http.RequestAborted);
            if (!c.State.Exists || await CatalogueEntry.Find(session, store, c.State.Opening!.ListingId, http.RequestAborted) is not { } listing || !listing.VisibleTo(caller))
            {
                throw new NotFoundException("competition", id);
            }

            http.Response.SetVersionETag(c.Version);
            return Results.Ok(CompetitionView.From(c.State, c.Version, caller, time.GetUtcNow()));
        }).WithSummary("The round: deadline, status; offers as the caller may see them (sealed until the deadline)");

        competitions.MapPut("/{id}/offers/mine", (string id, SealedOfferRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, time, (c, listing, now) => [CompetitionDecisions.Submit(c, request, listing, http.Caller(), now)]))
            .RequireAuthorization(IdentitySetup.EnterprisePolicy).WithSummary("Submit or replace the caller's sealed offer before the deadline");

        competitions.MapDelete("/{id}/offers/mine", (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, time, (c, listing, now) => [CompetitionDecisions.Withdraw(c, listing, http.Caller(), now)]))
            .RequireAuthorization(IdentitySetup.EnterprisePolicy).WithSummary("Withdraw the caller's sealed offer before the deadline");

        competitions.MapPost("/{id}/award", (string id, AwardRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, time, (c, _, now) => CompetitionDecisions.Award(c, request, http.Caller(), now, DealBook.NewId(now)), async (c, events, session) =>
            {
                var awarded = events.OfType<CompetitionAwarded>().Single();
                var o = c.Opening!;
                var offer = c.Offers[awarded.BidderOrganisationId];
                var deal = new DealStruck(awarded.DealId, o.ListingId, o.SellerOrganisationId, awarded.BidderOrganisationId, awarded.Price, o.DealKind, o.TradingMode,
                    o.PricingMethod, offer.Note ?? "竞争性谈判选定，按所选报价签订合同 / Chosen in competitive negotiation",
                    OfferTerms.OrLumpSum(offer.Schedule, awarded.Price, awarded.At), null, awarded.At);
                if (!await DealBook.TryStrike(session, store, deal, "competitive-negotiation", Competition.StreamId(id), http.RequestAborted))
                {
                    var (rule, message) = DealBook.WhyNot(o.DealKind);
                    throw new DomainRuleViolationException(rule, "listingId", message);
                }
            }))
            .WithSummary("The seller chooses one offer after the deadline: the deal is struck at it");

        competitions.MapPost("/{id}/decline", (string id, DeclineRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, time, (c, _, now) => CompetitionDecisions.Decline(c, request, http.Caller(), now)))
            .WithSummary("The seller chooses none of the offers, with a reason");
    }

    private static async Task<IResult> Command(string id, HttpContext http, EventStore.EventStore store, TimeProvider time,
        Func<Competition, CatalogueEntry?, DateTimeOffset, IReadOnlyList<object>> decide, Func<Competition, IReadOnlyList<object>, EventSession, Task>? effects = null)
    {
        var caller = http.Caller();
        var now = time.GetUtcNow();
        Competition? after = null;
        var version = await store.Execute<Competition>(http, Competition.StreamId(id), async (c, session) =>
        {
            var listing = c.State.Exists ? await CatalogueEntry.Find(session, store, c.State.Opening!.ListingId, http.RequestAborted) : null;
            if (!c.State.Exists || listing is null || !listing.VisibleTo(caller))
            {
                throw new NotFoundException("competition", id);
            }

            var events = decide(c.State, listing, now);
            if (effects is not null)
            {
                await effects(c.State, events, session);
            }

            after = events.Aggregate(c.State, Competition.Evolve);
            await CompetitionTable.Track(session, store, id, after, now, http.RequestAborted);
            return events;
        });
        return Results.Ok(CompetitionView.From(after!, version, caller, now));
    }
}

internal static class CompetitionTable
{
    public static async Task Track(EventSession session, EventStore.EventStore store, string id, Competition state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("UPDATE {schema}.competitions SET status = @s, updated_at = @at WHERE id = @id AND status <> @s"),
            session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("s", state.Status.ToString());
        cmd.Parameters.AddWithValue("at", now);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Closes the sealed offers at the deadline from the durable timer, so the seller is told to choose even if the service was down then.</summary>
public sealed class CompetitionCloser(TimeProvider time, EventStore.EventStore store) : ITimerHandler
{
    public string Kind => CompetitionEndpoints.CloseTimer;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var c = await session.Load<Competition>(Competition.StreamId(timer.Key), cancellationToken);
        var now = time.GetUtcNow();
        var events = CompetitionDecisions.Close(c.State, now);
        if (events.Count == 0)
        {
            if (c.State.Status == CompetitionStatus.Open)
            {
                await session.ScheduleTimer(CompetitionEndpoints.CloseTimer, timer.Key, c.State.Opening!.Deadline, cancellationToken: cancellationToken);
            }

            return;
        }

        session.Append(c, [.. events]);
        await CompetitionTable.Track(session, store, timer.Key, events.Aggregate(c.State, Competition.Evolve), now, cancellationToken);
    }
}
