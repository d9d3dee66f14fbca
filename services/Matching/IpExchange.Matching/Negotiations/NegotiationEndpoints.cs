using IpExchange.EventStore;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Deals;
using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Matching.Negotiations;

public sealed record NegotiationView(
    string Id, string ListingId, string ListingTitle, string SellerOrganisationId, string BuyerOrganisationId, string BuyerOrganisationName,
    string DealKind, decimal AskingPrice, string Status, string? Turn, IReadOnlyList<NegotiationOffer> Offers, string? DealId, string? EndReason, long Version)
{
    public static NegotiationView From(Negotiation n, long version) =>
        new(n.Id!, n.Opening!.ListingId, n.Opening.ListingTitle, n.Opening.SellerOrganisationId, n.Opening.BuyerOrganisationId, n.Opening.BuyerOrganisationName,
            n.Opening.DealKind.ToString(), n.Opening.AskingPrice, n.Status.ToString(), n.Status == NegotiationStatus.Open ? n.Turn.ToString() : null,
            n.Offers, n.DealId, n.EndReason, version);
}

public sealed record NegotiationSummary(string Id, string ListingId, string ListingTitle, string SellerOrganisationId, string BuyerOrganisationId,
    string Status, decimal Price, string OfferedBy, DateTimeOffset ExpiresAt, int Offers, long Version, DateTimeOffset UpdatedAt);

/// <summary>协议交易 over HTTP: open with an offer, counter, accept (the deal is struck), break off; the parties' lists.</summary>
public static class NegotiationEndpoints
{
    public const string LapseTimer = "negotiation-lapse";

    public static void Map(RouteGroupBuilder offers)
    {
        var negotiations = offers.MapGroup("/negotiations");

        negotiations.MapPost("/", async (OpenNegotiationRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var now = time.GetUtcNow();
            var id = BusinessIds.New("NG", now);
            try
            {
                var opened = await store.Execute<Negotiation>(http, Negotiation.StreamId(id), async (_, session) =>
                {
                    var listing = request.ListingId is null ? null : await CatalogueEntry.Find(session.Marten, request.ListingId, http.RequestAborted);
                    var e = NegotiationDecisions.Open(id, request, listing, caller, now);
                    if (await session.Marten.Query<NegotiationRow>().AnyAsync(
                            x => x.ListingId == e.ListingId && x.BuyerOrganisationId == e.BuyerOrganisationId && x.Status == NegotiationStatus.Open, http.RequestAborted))
                    {
                        throw AlreadyOpen();
                    }

                    await session.ScheduleTimer(LapseTimer, id, e.ExpiresAt, cancellationToken: http.RequestAborted);
                    return [e];
                });
                return Results.Created($"/api/offers/negotiations/{id}", NegotiationView.From(opened.State, opened.Version));
            }
            catch (Exception e) when (MatchingSchema.Violates(e, NegotiationRow.OneOpenPerBuyer))
            {
                // Two openings by one buyer raced past the check above: the document's key kept the second out.
                throw AlreadyOpen();
            }
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).Produces<NegotiationView>(StatusCodes.Status201Created).WithSummary("Open a negotiation on a listing with a first offer (price, optional milestones, validity)");

        negotiations.MapGet("/", async (HttpContext http, EventStore.EventStore store, string? listingId, string? status, int? page, int? pageSize) =>
        {
            var caller = http.Caller();
            var (p, size) = (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, 100));
            await using var session = store.Marten.QuerySession();
            IQueryable<NegotiationRow> query = session.Query<NegotiationRow>();
            if (!caller.IsExchange)
            {
                var org = caller.OrganisationId;
                query = query.Where(x => x.SellerOrganisationId == org || x.BuyerOrganisationId == org);
            }

            if (listingId is not null)
            {
                query = query.Where(x => x.ListingId == listingId);
            }

            if (status is not null)
            {
                // An unknown status matches none.
                var wanted = Enum.TryParse<NegotiationStatus>(status, out var known) && known != NegotiationStatus.None ? known : (NegotiationStatus?)null;
                query = query.Where(x => x.Status == wanted);
            }

            var rows = await query.OrderByDescending(x => x.UpdatedAt).ThenBy(x => x.Id).Skip((p - 1) * size).Take(size).ToListAsync(http.RequestAborted);
            return Results.Ok(rows.Select(r => r.Summary()).ToList());
        }).Produces<List<NegotiationSummary>>().WithSummary("The caller's negotiations, as buyer or seller (all for exchange staff), latest first");

        negotiations.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            var n = await store.Load<Negotiation>(Negotiation.StreamId(id), http.RequestAborted);
            if (!n.State.Exists || !(caller.IsExchange || caller.OrganisationId == n.State.Opening!.BuyerOrganisationId || caller.OrganisationId == n.State.Opening.SellerOrganisationId))
            {
                throw new NotFoundException("negotiation", id);
            }

            http.Response.SetVersionETag(n.Version);
            return Results.Ok(NegotiationView.From(n.State, n.Version));
        }).Produces<NegotiationView>().WithSummary("A negotiation with every offer, whose turn it is, and how it ended");

        negotiations.MapPost("/{id}/counter-offers", (string id, CounterOfferRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, async (n, session) =>
            {
                var countered = NegotiationDecisions.Counter(n, request, http.Caller(), time.GetUtcNow());
                await session.ScheduleTimer(LapseTimer, id, countered.ExpiresAt, cancellationToken: http.RequestAborted);
                return countered;
            }))
            .Produces<NegotiationView>().WithSummary("还价: answer the last offer with other terms (only the side whose turn it is)");

        negotiations.MapPost("/{id}/acceptance", (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, async (n, session) =>
            {
                var now = time.GetUtcNow();
                var accepted = NegotiationDecisions.Accept(n, http.Caller(), now, DealBook.NewId(now));
                var listing = await CatalogueEntry.Find(session.Marten, n.Opening!.ListingId, http.RequestAborted);
                if (listing is not { IsPublic: true })
                {
                    throw new DomainRuleViolationException("offer.listing-unavailable", "listingId", $"The listing is {listing?.Status ?? "gone"}: it can no longer be dealt.",
                        ("status", listing?.Status));
                }

                if (!await DealBook.TryStrike(session, store, NegotiationDecisions.Deal(n, accepted), "negotiation", http.RequestAborted))
                {
                    var (rule, message) = DealBook.WhyNot(n.Opening.DealKind);
                    throw new DomainRuleViolationException(rule, "listingId", message);
                }

                await session.CancelTimer(LapseTimer, id, http.RequestAborted);
                return accepted;
            }))
            .Produces<NegotiationView>().WithSummary("Accept the last offer (only the side whose turn it is): the deal is struck at its price and schedule");

        negotiations.MapPost("/{id}/rejection", (string id, EndNegotiationRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, async (n, session) =>
            {
                var rejected = NegotiationDecisions.End(n, request, http.Caller(), time.GetUtcNow());
                await session.CancelTimer(LapseTimer, id, http.RequestAborted);
                return rejected;
            }))
            .Produces<NegotiationView>().WithSummary("Reject the offer and end the negotiation (either side), with an optional reason");
    }

    private static DomainRuleViolationException AlreadyOpen() => new("negotiation.already-open", "listingId",
        "Your organisation already has an open negotiation on this listing: counter or end it there.");

    private static async Task<IResult> Command(string id, HttpContext http, EventStore.EventStore store, Func<Negotiation, EventSession, Task<object>> decide)
    {
        var after = await store.Execute<Negotiation>(http, Negotiation.StreamId(id), async (n, session) =>
            n.State.Exists ? [await decide(n.State, session)] : throw new NotFoundException("negotiation", id));
        return Results.Ok(NegotiationView.From(after.State, after.Version));
    }
}

/// <summary>Records that the last offer lapsed when its validity ends, from the durable timer.</summary>
public sealed class NegotiationLapse(TimeProvider time) : ITimerHandler
{
    public string Kind => NegotiationEndpoints.LapseTimer;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var n = await session.Load<Negotiation>(Negotiation.StreamId(timer.Key), cancellationToken);
        if (NegotiationDecisions.Lapse(n.State, time.GetUtcNow()) is { } lapsed)
        {
            session.Append(n, lapsed);
        }
        else if (n.State.Status == NegotiationStatus.Open)
        {
            await session.ScheduleTimer(NegotiationEndpoints.LapseTimer, timer.Key, n.State.Current.ExpiresAt, cancellationToken: cancellationToken);
        }
    }
}
