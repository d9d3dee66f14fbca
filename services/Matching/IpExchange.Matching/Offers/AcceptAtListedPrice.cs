using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Deals;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Offers;

public sealed record AcceptRequest(string? ListingId);

public sealed record Acceptance(string DealId, string ListingId, string BuyerOrganisationId, decimal Price, DealKind DealKind, TradingMode TradingMode);

/// <summary>
/// Taking a listing at its published price, the modes that need no negotiation: listing transfer
/// (挂牌转让, the first qualified acceptance wins), open licence (开放许可, any enterprise, at
/// once, many may) and a directed deal (定向交易, only the named enterprise). The acceptance
/// strikes the deal at once through the <see cref="DealBook"/>, whose keys keep two enterprises
/// racing for one exclusive listing from both winning, and a licensee from taking a licence twice.
/// </summary>
public static class AcceptAtListedPrice
{
    public static Acceptance Decide(CatalogueEntry? listing, Caller caller, string dealId)
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
            TradingMode.ListingTransfer or TradingMode.Directed when listing.PricingMethod is not (PricingMethod.Auction or PricingMethod.OnlineBidding or PricingMethod.CompetitiveNegotiation) =>
                new Acceptance(dealId, listing.ListingId, caller.OrganisationId, price, listing.DealKind, listing.TradingMode),
            _ => throw new DomainRuleViolationException("offer.not-at-listed-price", "listingId",
                $"A {listing.TradingMode} listing is not taken at its listed price; use its auction or negotiation."),
        };
    }

    public static void Map(RouteGroupBuilder offers) =>
        offers.MapPost("/accept", async (AcceptRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            if (string.IsNullOrWhiteSpace(request.ListingId))
            {
                throw new ValidationFailedException("listingId", "The listing to take is required.");
            }

            var now = time.GetUtcNow();
            await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
            var listing = await CatalogueEntry.Find(session, store, request.ListingId, http.RequestAborted);
            var acceptance = Decide(listing, caller, DealBook.NewId(now));
            var deal = new DealStruck(acceptance.DealId, acceptance.ListingId, listing!.SellerOrganisationId, acceptance.BuyerOrganisationId, acceptance.Price,
                acceptance.DealKind, acceptance.TradingMode, listing.PricingMethod, "按挂牌条件受让（许可） / On the listed terms",
                OfferTerms.OrLumpSum([], acceptance.Price, now), null, now);
            if (!await DealBook.TryStrike(session, store, deal, "listed-price", $"listing-{acceptance.ListingId}", http.RequestAborted))
            {
                var (rule, message) = DealBook.WhyNot(acceptance.DealKind);
                throw new DomainRuleViolationException(rule, "listingId", message);
            }

            await session.SaveChanges(http.RequestAborted);
            return Results.Created($"/api/deals/{acceptance.DealId}", acceptance);
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).WithSummary("Take a listing at its listed price or open-licence fee: the deal is struck at once");
}
