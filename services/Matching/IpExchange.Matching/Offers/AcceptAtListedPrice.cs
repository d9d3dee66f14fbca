using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Matching.Offers;

public sealed record AcceptRequest(string? ListingId);

public sealed record Acceptance(string DealId, string ListingId, string BuyerOrganisationId, decimal Price, DealKind DealKind, TradingMode TradingMode);

/// <summary>
/// Taking a listing at its published price, the modes that need no negotiation: listing transfer
/// (挂牌转让, the first qualified acceptance wins), open licence (开放许可, any enterprise, at
/// once, many may) and a directed deal (定向交易, only the named enterprise). The acceptance
/// strikes the deal at once. Uniqueness is kept by the acceptances table's keys, written in the
/// same transaction as the DealStruck outbox row: two enterprises racing for one exclusive listing
/// cannot both win, and a licensee cannot take the same licence twice.
/// </summary>
public static class AcceptAtListedPrice
{
    public sealed record Listed(string ListingId, string Status, string SellerOrganisationId, DealKind DealKind, PricingMethod PricingMethod,
        TradingMode TradingMode, decimal AskingPrice, decimal? OpenLicenceFee, string? DirectedTo, string? AllianceId, IReadOnlyList<string> AllianceMembers);

    public static Acceptance Decide(Listed? listing, Caller caller, string dealId)
    {
        if (!caller.IsEnterprise)
        {
            throw new ForbiddenException("Only enterprises accept listings.");
        }

        if (listing is null || listing.Status != "Public" || (listing.AllianceId is not null && !listing.AllianceMembers.Contains(caller.OrganisationId)))
        {
            throw new NotFoundException("listing", listing?.ListingId ?? "");
        }

        if (caller.OrganisationId == listing.SellerOrganisationId)
        {
            throw new DomainRuleViolationException("offer.own-listing", "listingId", "An organisation cannot take its own listing.");
        }

        var price = listing.DealKind == DealKind.OpenLicence ? listing.OpenLicenceFee ?? listing.AskingPrice : listing.AskingPrice;
        return listing.TradingMode switch
        {
            TradingMode.Directed when listing.DirectedTo != caller.OrganisationId =>
                throw new DomainRuleViolationException("offer.directed-elsewhere", "listingId", "This listing is offered to another organisation only (定向交易)."),
            TradingMode.ListingTransfer or TradingMode.Directed when listing.PricingMethod is not (PricingMethod.Auction or PricingMethod.OnlineBidding) =>
                new Acceptance(dealId, listing.ListingId, caller.OrganisationId, price, listing.DealKind, listing.TradingMode),
            _ => throw new DomainRuleViolationException("offer.not-at-listed-price", "listingId",
                $"A {listing.TradingMode} listing is not taken at its listed price; use its auction or negotiation."),
        };
    }

    public static void Map(RouteGroupBuilder offers) =>
        offers.MapPost("/accept", async (AcceptRequest request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            if (string.IsNullOrWhiteSpace(request.ListingId))
            {
                throw new ValidationFailedException("listingId", "The listing to take is required.");
            }

            await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
            var listing = await Load(session, store, request.ListingId, http.RequestAborted);
            var acceptance = Decide(listing, caller, $"DEAL-{Guid.NewGuid():N}"[..21].ToUpperInvariant());
            await using (var cmd = new NpgsqlCommand(store.Sql("""
                INSERT INTO {schema}.acceptances (deal_id, listing_id, buyer_org, exclusive, price, accepted_at)
                VALUES (@d, @l, @b, @x, @p, @at)
                """), session.Connection, session.Transaction))
            {
                cmd.Parameters.AddWithValue("d", acceptance.DealId);
                cmd.Parameters.AddWithValue("l", acceptance.ListingId);
                cmd.Parameters.AddWithValue("b", acceptance.BuyerOrganisationId);
                cmd.Parameters.AddWithValue("x", acceptance.DealKind.IsExclusive());
                cmd.Parameters.AddWithValue("p", acceptance.Price);
                cmd.Parameters.AddWithValue("at", store.Now());
                try
                {
                    await cmd.ExecuteNonQueryAsync(http.RequestAborted);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    throw new DomainRuleViolationException(
                        e.ConstraintName == "acceptances_exclusive" ? "offer.already-taken" : "offer.already-licensed", "listingId",
                        e.ConstraintName == "acceptances_exclusive" ? "Another enterprise took this listing first." : "Your organisation already holds this licence.");
                }
            }

            session.Publish(new DealStruck(acceptance.DealId, acceptance.ListingId, listing!.SellerOrganisationId, acceptance.BuyerOrganisationId, acceptance.Price,
                acceptance.DealKind, acceptance.TradingMode, listing.PricingMethod, "按挂牌条件受让（许可）",
                [new PaymentTerm("合同价款", acceptance.Price, DateOnly.FromDateTime(store.Now().UtcDateTime).AddDays(30))], null, store.Now()), $"listing-{acceptance.ListingId}");
            await session.SaveChanges(http.RequestAborted);
            return Results.Created($"/api/deals/{acceptance.DealId}", acceptance);
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).WithSummary("Take a listing at its listed price or open-licence fee: the deal is struck at once");

    private static async Task<Listed?> Load(EventSession session, EventStore.EventStore store, string listingId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("""
            SELECT listing_id, status, owner_org, deal_kind, pricing_method, trading_mode, asking_price, open_licence_fee, directed_to, alliance_id, alliance_members
            FROM {schema}.catalogue WHERE listing_id = @id
            """), session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("id", listingId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Listed(reader.GetString(0), reader.GetString(1), reader.GetString(2), Enum.Parse<DealKind>(reader.GetString(3)),
                Enum.Parse<PricingMethod>(reader.GetString(4)), Enum.Parse<TradingMode>(reader.GetString(5)), reader.GetDecimal(6),
                reader.IsDBNull(7) ? null : reader.GetDecimal(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<string[]>(10))
            : null;
    }
}
