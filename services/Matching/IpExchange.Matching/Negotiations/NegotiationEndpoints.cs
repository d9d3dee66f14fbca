using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Deals;
using IpExchange.Matching.Offers;
using IpExchange.ServiceDefaults;
using Npgsql;

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
            Negotiation? after = null;
            try
            {
                await store.Execute<Negotiation>(http, Negotiation.StreamId(id), async (_, session) =>
                {
                    var listing = request.ListingId is null ? null : await CatalogueEntry.Find(session, store, request.ListingId, http.RequestAborted);
                    var opened = NegotiationDecisions.Open(id, request, listing, caller, now);
                    after = Negotiation.Evolve(Negotiation.Initial, opened);
                    await session.ScheduleTimer(LapseTimer, id, opened.ExpiresAt, cancellationToken: http.RequestAborted);
                    return [opened];
                });
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "negotiations_open")
            {
                throw new DomainRuleViolationException("negotiation.already-open", "listingId",
                    "Your organisation already has an open negotiation on this listing: counter or end it there.");
            }

            return Results.Created($"/api/offers/negotiations/{id}", NegotiationView.From(after!, 1));
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).WithSummary("Open a negotiation on a listing with a first offer (price, optional milestones, validity)");

        negotiations.MapGet("/", async (HttpContext http, EventStore.EventStore store, string? listingId, string? status, int? page, int? pageSize) =>
        {
            var caller = http.Caller();
            var (p, size) = (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, 100));
            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            await using var cmd = new NpgsqlCommand(store.Sql("""
                SELECT id, listing_id, listing_title, seller_org, buyer_org, status, price, offered_by, expires_at, offers, version, updated_at
                FROM {schema}.negotiations
                WHERE (@all OR seller_org = @org OR buyer_org = @org)
                  AND (@listing::text IS NULL OR listing_id = @listing) AND (@status::text IS NULL OR status = @status)
                ORDER BY updated_at DESC, id LIMIT @limit OFFSET @offset
                """), connection);
            cmd.Parameters.AddWithValue("all", caller.IsExchange);
            cmd.Parameters.AddWithValue("org", caller.OrganisationId);
            cmd.Parameters.AddWithValue("listing", (object?)listingId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("status", (object?)status ?? DBNull.Value);
            cmd.Parameters.AddWithValue("limit", size);
            cmd.Parameters.AddWithValue("offset", (p - 1) * size);
            var items = new List<NegotiationSummary>();
            await using var reader = await cmd.ExecuteReaderAsync(http.RequestAborted);
            while (await reader.ReadAsync(http.RequestAborted))
            {
                items.Add(new NegotiationSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetDecimal(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9),
                    reader.GetInt64(10), reader.GetFieldValue<DateTimeOffset>(11)));
            }

            return Results.Ok(items);
        }).WithSummary("The caller's negotiations, as buyer or seller (all for exchange staff), latest first");

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
        }).WithSummary("A negotiation with every offer, whose turn it is, and how it ended");

        negotiations.MapPost("/{id}/counter-offers", (string id, CounterOfferRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, (n, _) =>
            {
                return Task.FromResult<object>(NegotiationDecisions.Counter(n, request, http.Caller(), time.GetUtcNow()));
            }, async (session, e) => await session.ScheduleTimer(LapseTimer, id, ((OfferCountered)e).ExpiresAt, cancellationToken: http.RequestAborted)))
            .WithSummary("还价: answer the last offer with other terms (only the side whose turn it is)");

        negotiations.MapPost("/{id}/acceptance", (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, async Task<object> (n, session) =>
            {
                var now = time.GetUtcNow();
                var accepted = NegotiationDecisions.Accept(n, http.Caller(), now, DealBook.NewId(now));
                var o = n.Opening!;
                var listing = await CatalogueEntry.Find(session, store, o.ListingId, http.RequestAborted);
                if (listing is not { IsPublic: true })
                {
                    throw new DomainRuleViolationException("offer.listing-unavailable", "listingId", $"The listing is {listing?.Status ?? "gone"}: it can no longer be dealt.");
                }

                var deal = new DealStruck(accepted.DealId, o.ListingId, o.SellerOrganisationId, o.BuyerOrganisationId, accepted.Price, o.DealKind, o.TradingMode,
                    o.PricingMethod, n.Current.Note ?? "按协商一致的条件签订合同 / As agreed in negotiation", OfferTerms.OrLumpSum(n.Current.Schedule, accepted.Price, now), null, now);
                if (!await DealBook.TryStrike(session, store, deal, "negotiation", Negotiation.StreamId(id), http.RequestAborted))
                {
                    var (rule, message) = DealBook.WhyNot(o.DealKind);
                    throw new DomainRuleViolationException(rule, "listingId", message);
                }

                return accepted;
            }, async (session, _) => await session.CancelTimer(LapseTimer, id, http.RequestAborted)))
            .WithSummary("Accept the last offer (only the side whose turn it is): the deal is struck at its price and schedule");

        negotiations.MapPost("/{id}/rejection", (string id, EndNegotiationRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            Command(id, http, store, (n, _) => Task.FromResult<object>(NegotiationDecisions.End(n, request, http.Caller(), time.GetUtcNow())),
                async (session, _) => await session.CancelTimer(LapseTimer, id, http.RequestAborted)))
            .WithSummary("Reject the offer and end the negotiation (either side), with an optional reason");
    }

    private static async Task<IResult> Command(string id, HttpContext http, EventStore.EventStore store,
        Func<Negotiation, EventSession, Task<object>> decide, Func<EventSession, object, Task> timers)
    {
        Negotiation? after = null;
        var version = await store.Execute<Negotiation>(http, Negotiation.StreamId(id), async (n, session) =>
        {
            if (!n.State.Exists)
            {
                throw new NotFoundException("negotiation", id);
            }

            var e = await decide(n.State, session);
            await timers(session, e);
            after = Negotiation.Evolve(n.State, e);
            return [e];
        });
        return Results.Ok(NegotiationView.From(after!, version));
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

/// <summary>Keeps the <c>negotiations</c> table (the parties' lists; one open negotiation per buyer and listing) in step with the streams.</summary>
public sealed class NegotiationProjection : IInlineProjection
{
    public async Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken)
    {
        if (!@event.StreamId.StartsWith("negotiation-", StringComparison.Ordinal))
        {
            return;
        }

        var sql = @event.Data switch
        {
            NegotiationOpened => """
                INSERT INTO {schema}.negotiations (id, listing_id, listing_title, seller_org, buyer_org, status, price, offered_by, expires_at, offers, version, updated_at)
                VALUES (@id, @listing, @title, @seller, @buyer, 'Open', @price, 'Buyer', @expires, 1, @version, @at)
                """,
            OfferCountered => """
                UPDATE {schema}.negotiations SET price = @price, offered_by = @by, expires_at = @expires, offers = offers + 1, version = @version, updated_at = @at
                WHERE id = @id
                """,
            OfferAccepted or OfferRejected or OfferLapsed => "UPDATE {schema}.negotiations SET status = @status, version = @version, updated_at = @at WHERE id = @id",
            _ => null,
        };
        if (sql is null)
        {
            return;
        }

        await using var cmd = context.Command(sql);
        cmd.Parameters.AddWithValue("id", @event.StreamId["negotiation-".Length..]);
        cmd.Parameters.AddWithValue("version", @event.Version);
        cmd.Parameters.AddWithValue("at", @event.Timestamp);
        switch (@event.Data)
        {
            case NegotiationOpened e:
                cmd.Parameters.AddWithValue("listing", e.ListingId);
                cmd.Parameters.AddWithValue("title", e.ListingTitle);
                cmd.Parameters.AddWithValue("seller", e.SellerOrganisationId);
                cmd.Parameters.AddWithValue("buyer", e.BuyerOrganisationId);
                cmd.Parameters.AddWithValue("price", e.Price);
                cmd.Parameters.AddWithValue("expires", e.ExpiresAt);
                break;
            case OfferCountered e:
                cmd.Parameters.AddWithValue("price", e.Price);
                cmd.Parameters.AddWithValue("by", e.By.ToString());
                cmd.Parameters.AddWithValue("expires", e.ExpiresAt);
                break;
            default:
                cmd.Parameters.AddWithValue("status", @event.Data switch
                {
                    OfferAccepted => nameof(NegotiationStatus.Accepted),
                    OfferRejected => nameof(NegotiationStatus.Rejected),
                    _ => nameof(NegotiationStatus.Lapsed),
                });
                break;
        }

        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
