using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Deals;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Offers;

public sealed record AcceptRequest([Required] string? ListingId);

/// <summary>
/// An enterprise took a listing at its published price or fee: the deal is struck at once. The
/// first event of its own stream (<c>acceptance-{dealId}</c>), so the deal has its evidence like
/// every other route to a deal.
/// </summary>
public sealed record ListingAccepted(
    string DealId, string ListingId, string SellerOrganisationId, string BuyerOrganisationId, decimal Price, DealKind DealKind, TradingMode TradingMode,
    PricingMethod PricingMethod, DateTimeOffset At)
{
    public static string StreamId(string dealId) => $"acceptance-{dealId}";

    /// <summary>The deal it strikes: on the listed terms, the whole price 30 days later.</summary>
    public DealStruck Deal() => new(DealId, ListingId, SellerOrganisationId, BuyerOrganisationId, Price, DealKind, TradingMode, PricingMethod,
        "按挂牌条件成交。", OfferTerms.OrLumpSum([], Price, At), null, At);
}

/// <summary>
/// Taking a listing at its published price, the modes that need no negotiation: listing transfer
/// (挂牌转让, the first qualified acceptance wins), open licence (开放许可, any enterprise, at
/// once, many may) and a directed deal (定向交易, only the named enterprise). The acceptance
/// strikes the deal at once through the <see cref="DealBook"/>, whose keys keep two enterprises
/// racing for one exclusive listing from both winning, and a licensee from taking a licence twice.
/// </summary>
public static class AcceptAtListedPrice
{
    public static ListingAccepted Decide(CatalogueEntry? listing, Caller caller, string dealId, DateTimeOffset now)
    {
        if (!caller.IsEnterprise)
        {
            throw new ForbiddenException("Only enterprises accept listings.");
        }

        if (listing is null || !listing.IsPublic || (listing.AllianceId is not null && !listing.AllianceMembers.Contains(caller.OrganisationId)))
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
            // A directed listing priced by negotiation has no price to take: its named buyer negotiates it.
            TradingMode.Directed when listing.PricingMethod == PricingMethod.Negotiated => throw new DomainRuleViolationException("offer.not-at-listed-price", "listingId",
                "A directed listing priced by negotiation is negotiated with the seller (POST /api/offers/negotiations), not taken at its listed price.",
                ("tradingMode", listing.TradingMode.ToString()), ("pricingMethod", listing.PricingMethod.ToString())),
            TradingMode.ListingTransfer or TradingMode.Directed when listing.PricingMethod is not (PricingMethod.Auction or PricingMethod.OnlineBidding or PricingMethod.CompetitiveNegotiation) =>
                new ListingAccepted(dealId, listing.ListingId, listing.SellerOrganisationId, caller.OrganisationId, price, listing.DealKind, listing.TradingMode,
                    listing.PricingMethod, now),
            _ => throw new DomainRuleViolationException("offer.not-at-listed-price", "listingId",
                $"A {listing.TradingMode} listing priced by {listing.PricingMethod} is not taken at its listed price; use its auction or negotiation.",
                ("tradingMode", listing.TradingMode.ToString()), ("pricingMethod", listing.PricingMethod.ToString())),
        };
    }

    public static void Map(RouteGroupBuilder offers) =>
        offers.MapPost("/accept", async (AcceptRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var errors = new FieldErrors();
            errors.Text("listingId", request.ListingId, 100, multiLine: false);
            errors.ThrowIfAny();

            var now = time.GetUtcNow();
            await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
            var listing = await CatalogueEntry.Find(session.Marten, request.ListingId!, http.RequestAborted);
            var accepted = Decide(listing, caller, DealBook.NewId(now), now);
            if (!await DealBook.TryStrike(session, store, accepted.Deal(), "listed-price", http.RequestAborted))
            {
                var (rule, message) = DealBook.WhyNot(accepted.DealKind);
                throw new DomainRuleViolationException(rule, "listingId", message);
            }

            session.Append(ListingAccepted.StreamId(accepted.DealId), ExpectedVersion.NoStream, accepted);
            await session.SaveChanges(http.RequestAborted);
            return Results.Created($"/api/deals/{accepted.DealId}", accepted);
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).Produces<ListingAccepted>(StatusCodes.Status201Created).WithSummary("Take a listing at its listed price or open-licence fee: the deal is struck at once");
}
