using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Deals;
using IpExchange.Matching.Offers;
using IpExchange.ServiceDefaults;
using Marten;

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
    /// <summary>The exchange always, the seller once the offers are opened: they see every offer.</summary>
    public static bool SeesAll(Competition c, Caller caller, DateTimeOffset now) =>
        caller.IsExchange || (caller.OrganisationId == c.Opening!.SellerOrganisationId && (c.Status != CompetitionStatus.Open || now >= c.Opening.Deadline));

    /// <summary>The version this caller may know (the ETag): it never counts offers the caller may not see.</summary>
    public static long VersionSeen(Competition c, long streamVersion, Caller caller, DateTimeOffset now) =>
        c.Exists ? c.VersionSeenBy(caller.OrganisationId, SeesAll(c, caller, now), streamVersion) : streamVersion;

    /// <param name="streamVersion">The stream's version; the view carries the version seen by the caller.</param>
    public static CompetitionView From(Competition c, long streamVersion, Caller caller, DateTimeOffset now)
    {
        var o = c.Opening!;
        var seller = caller.OrganisationId == o.SellerOrganisationId;
        var seesAll = SeesAll(c, caller, now);
        var version = VersionSeen(c, streamVersion, caller, now);
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
            try
            {
                var opened = await store.Execute<Competition>(http, Competition.StreamId(id), async (_, session) =>
                {
                    var listing = request.ListingId is null ? null : await CatalogueEntry.Find(session.Marten, request.ListingId, http.RequestAborted);
                    var e = CompetitionDecisions.Open(id, request, listing, caller, now);
                    if (await session.Marten.Query<CompetitionRow>().AnyAsync(
                            x => x.ListingId == e.ListingId && (x.Status == CompetitionStatus.Open || x.Status == CompetitionStatus.Closed), http.RequestAborted))
                    {
                        throw AlreadyRunning();
                    }

                    await session.ScheduleTimer(CloseTimer, id, e.Deadline, cancellationToken: http.RequestAborted);
                    return [e];
                });
                return Results.Created($"/api/offers/competitions/{id}", CompetitionView.From(opened.State, opened.Version, caller, now));
            }
            catch (Exception e) when (MatchingSchema.Violates(e, CompetitionRow.OneRunningPerListing))
            {
                // Two rounds for one listing raced past the check above: the document's key kept the second out.
                throw AlreadyRunning();
            }
        }).Produces<CompetitionView>(StatusCodes.Status201Created).WithSummary("Open a competitive negotiation (竞争性谈判) on a listing: sealed offers until the deadline (the listing's owner or exchange staff)");

        competitions.MapGet("/", async (string? listingId, HttpContext http, EventStore.EventStore store) =>
        {
            var errors = new FieldErrors();
            errors.Text("listingId", listingId, 100, multiLine: false);
            errors.ThrowIfAny();

            await using var session = store.Marten.QuerySession();
            var listing = await CatalogueEntry.Find(session, listingId!, http.RequestAborted);
            if (listing is null || !listing.VisibleTo(http.Caller()))
            {
                throw new NotFoundException("listing", listingId!);
            }

            var rows = await session.Query<CompetitionRow>().Where(x => x.ListingId == listingId).OrderByDescending(x => x.Deadline).ToListAsync(http.RequestAborted);
            return Results.Ok(rows.Select(r => new CompetitionSummary(r.CompetitionId, r.ListingId, r.Status.ToString(), r.Deadline)).ToList());
        }).Produces<List<CompetitionSummary>>().WithSummary("The competitive negotiations of a listing the caller can see");

        competitions.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var c = await store.Load<Competition>(Competition.StreamId(id), http.RequestAborted);
            await using var session = store.Marten.QuerySession();
            if (!c.State.Exists || await CatalogueEntry.Find(session, c.State.Opening!.ListingId, http.RequestAborted) is not { } listing || !listing.VisibleTo(caller))
            {
                throw new NotFoundException("competition", id);
            }

            var now = time.GetUtcNow();
            http.Response.SetVersionETag(CompetitionView.VersionSeen(c.State, c.Version, caller, now));
            return Results.Ok(CompetitionView.From(c.State, c.Version, caller, now));
        }).Produces<CompetitionView>().WithSummary("The round: deadline, status; offers as the caller may see them (sealed until the deadline)");

        competitions.MapPut("/{id}/offers/mine", (string id, SealedOfferRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, time, (c, listing, now) => [CompetitionDecisions.Submit(c, request, listing, http.Caller(), now)]))
            .RequireAuthorization(IdentitySetup.EnterprisePolicy).Produces<CompetitionView>().WithSummary("Submit or replace the caller's sealed offer before the deadline");

        competitions.MapDelete("/{id}/offers/mine", (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, time, (c, listing, now) => [CompetitionDecisions.Withdraw(c, listing, http.Caller(), now)]))
            .RequireAuthorization(IdentitySetup.EnterprisePolicy).Produces<CompetitionView>().WithSummary("Withdraw the caller's sealed offer before the deadline");

        competitions.MapPost("/{id}/award", (string id, AwardRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, time, (c, _, now) => CompetitionDecisions.Award(c, request, http.Caller(), now, DealBook.NewId(now)), async (c, events, session) =>
            {
                var awarded = events.OfType<CompetitionAwarded>().Single();
                if (!await DealBook.TryStrike(session, store, CompetitionDecisions.Deal(c, awarded), "competitive-negotiation", http.RequestAborted))
                {
                    var (rule, message) = DealBook.WhyNot(c.Opening!.DealKind);
                    throw new DomainRuleViolationException(rule, "listingId", message);
                }
            }))
            .Produces<CompetitionView>().WithSummary("The seller chooses one offer after the deadline: the deal is struck at it");

        competitions.MapPost("/{id}/decline", (string id, DeclineRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, time, (c, _, now) => CompetitionDecisions.Decline(c, request, http.Caller(), now)))
            .Produces<CompetitionView>().WithSummary("The seller chooses none of the offers, with a reason");
    }

    private static DomainRuleViolationException AlreadyRunning() =>
        new("competition.already-running", "listingId", "The listing already has a competitive negotiation that has not ended.");

    private static async Task<IResult> Command(string id, HttpContext http, EventStore.EventStore store, TimeProvider time,
        Func<Competition, CatalogueEntry?, DateTimeOffset, IReadOnlyList<object>> decide, Func<Competition, IReadOnlyList<object>, EventSession, Task>? effects = null)
    {
        var caller = http.Caller();
        var now = time.GetUtcNow();
        var after = await store.Execute<Competition>(http, Competition.StreamId(id), async (c, session) =>
        {
            var listing = c.State.Exists ? await CatalogueEntry.Find(session.Marten, c.State.Opening!.ListingId, http.RequestAborted) : null;
            if (!c.State.Exists || listing is null || !listing.VisibleTo(caller))
            {
                throw new NotFoundException("competition", id);
            }

            var events = decide(c.State, listing, now);
            if (effects is not null)
            {
                await effects(c.State, events, session);
            }

            return events;
        }, versionSeen: c => CompetitionView.VersionSeen(c.State, c.Version, caller, now));
        return Results.Ok(CompetitionView.From(after.State, after.Version, caller, now));
    }
}

/// <summary>Closes the sealed offers at the deadline from the durable timer, so the seller is told to choose even if the service was down then.</summary>
public sealed class CompetitionCloser(TimeProvider time) : ITimerHandler
{
    public string Kind => CompetitionEndpoints.CloseTimer;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var c = await session.Load<Competition>(Competition.StreamId(timer.Key), cancellationToken);
        var events = CompetitionDecisions.Close(c.State, time.GetUtcNow());
        if (events.Count > 0)
        {
            session.Append(c, events);
        }
        else if (c.State.Status == CompetitionStatus.Open)
        {
            await session.ScheduleTimer(CompetitionEndpoints.CloseTimer, timer.Key, c.State.Opening!.Deadline, cancellationToken: cancellationToken);
        }
    }
}
