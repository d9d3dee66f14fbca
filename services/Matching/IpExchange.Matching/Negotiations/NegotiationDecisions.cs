using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Offers;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Negotiations;

public sealed record OpenNegotiationRequest([Required] string? ListingId, [Required] decimal? Price, IReadOnlyList<MilestoneRequest>? Schedule, string? Note, DateTimeOffset? ExpiresAt);

public sealed record CounterOfferRequest([Required] decimal? Price, IReadOnlyList<MilestoneRequest>? Schedule, string? Note, DateTimeOffset? ExpiresAt);

public sealed record EndNegotiationRequest(string? Reason);

/// <summary>
/// 协议交易: pure decisions of a bilateral negotiation. The buyer opens with an offer; from then on
/// only the side that did not make the last offer may answer it (accept or counter), either side
/// may break off, and an offer not answered before it expires lapses (a durable timer records it;
/// the clock decides even before the timer has fired). Alliance listings are negotiated by members
/// only, directed listings by the named enterprise only.
/// </summary>
public static class NegotiationDecisions
{
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(30);

    public static bool IsNegotiable(CatalogueEntry listing) =>
        listing.DealKind != DealKind.OpenLicence
        && listing.PricingMethod is PricingMethod.Negotiated or PricingMethod.Appraisal or PricingMethod.BigDataValuation
        && listing.TradingMode is TradingMode.Negotiated or TradingMode.Directed or TradingMode.Alliance;

    public static NegotiationOpened Open(string id, OpenNegotiationRequest request, CatalogueEntry? listing, Caller caller, DateTimeOffset now)
    {
        if (!caller.IsEnterprise)
        {
            throw new ForbiddenException("Only enterprises make offers.");
        }

        var errors = new FieldErrors();
        errors.Text("listingId", request.ListingId, 100, multiLine: false);
        errors.ThrowIfAny();

        if (listing is null || !listing.VisibleTo(caller))
        {
            throw new NotFoundException("listing", request.ListingId!);
        }

        if (listing.SellerOrganisationId == caller.OrganisationId)
        {
            throw new DomainRuleViolationException("offer.own-listing", "listingId", "An organisation cannot make offers on its own listing.");
        }

        if (!listing.IsPublic)
        {
            throw new DomainRuleViolationException("offer.listing-unavailable", "listingId", $"The listing is {listing.Status}: it takes no offers now.", ("status", listing.Status));
        }

        if (!IsNegotiable(listing))
        {
            throw new DomainRuleViolationException("offer.not-negotiable", "listingId", listing switch
            {
                { DealKind: DealKind.OpenLicence } => "An open licence is taken at its published fee (POST /api/offers/accept), not negotiated.",
                { PricingMethod: PricingMethod.Auction or PricingMethod.OnlineBidding } => "This listing is sold by auction: register and bid.",
                { PricingMethod: PricingMethod.CompetitiveNegotiation } => "This listing is sold by competitive negotiation: submit a sealed offer.",
                _ => "This listing is taken at its listed price (POST /api/offers/accept).",
            });
        }

        var (price, schedule, note, expiresAt) = Terms(errors, request.Price, request.Schedule, request.Note, request.ExpiresAt, now);
        errors.ThrowIfAny();
        return new NegotiationOpened(id, listing.ListingId, listing.Title, listing.SellerOrganisationId, caller.OrganisationId, caller.OrganisationName,
            listing.DealKind, listing.TradingMode, listing.PricingMethod, listing.AskingPrice, price, schedule, note, expiresAt, caller.UserId, now);
    }

    public static OfferCountered Counter(Negotiation negotiation, CounterOfferRequest request, Caller caller, DateTimeOffset now)
    {
        var side = AnsweringSide(negotiation, caller, now);
        var errors = new FieldErrors();
        var (price, schedule, note, expiresAt) = Terms(errors, request.Price, request.Schedule, request.Note, request.ExpiresAt, now);
        errors.ThrowIfAny();
        return new OfferCountered(side, price, schedule, note, expiresAt, caller.UserId, now);
    }

    public static OfferAccepted Accept(Negotiation negotiation, Caller caller, DateTimeOffset now, string dealId)
    {
        var side = AnsweringSide(negotiation, caller, now);
        return new OfferAccepted(side, negotiation.Current.Price, dealId, caller.UserId, now);
    }

    public static OfferRejected End(Negotiation negotiation, EndNegotiationRequest request, Caller caller, DateTimeOffset now)
    {
        var side = PartySide(negotiation, caller);
        RequireOpen(negotiation);
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 500, required: false);
        errors.ThrowIfAny();
        return new OfferRejected(side, reason, caller.UserId, now);
    }

    /// <summary>The deal an accepted offer strikes: at its price and schedule (the whole price 30 days later when it had none).</summary>
    public static DealStruck Deal(Negotiation negotiation, OfferAccepted accepted)
    {
        var o = negotiation.Opening!;
        return new DealStruck(accepted.DealId, o.ListingId, o.SellerOrganisationId, o.BuyerOrganisationId, accepted.Price, o.DealKind, o.TradingMode,
            o.PricingMethod, negotiation.Current.Note ?? "按协商一致的条件签订合同。",
            OfferTerms.OrLumpSum(negotiation.Current.Schedule, accepted.Price, accepted.At), null, accepted.At);
    }

    /// <summary>The timer's decision: the last offer lapses if it is still unanswered at its expiry.</summary>
    public static OfferLapsed? Lapse(Negotiation negotiation, DateTimeOffset now) =>
        negotiation.Status == NegotiationStatus.Open && now >= negotiation.Current.ExpiresAt ? new OfferLapsed(negotiation.Current.ExpiresAt) : null;

    /// <summary>The caller's side; a non-party (other than the exchange, who only reads) does not see the negotiation at all.</summary>
    public static Side PartySide(Negotiation negotiation, Caller caller) =>
        !negotiation.Exists ? throw new NotFoundException("negotiation", "")
        : caller.OrganisationId == negotiation.Opening!.BuyerOrganisationId ? Side.Buyer
        : caller.OrganisationId == negotiation.Opening.SellerOrganisationId ? Side.Seller
        : caller.IsExchange ? throw new ForbiddenException("Exchange staff follow negotiations; the parties make and answer offers.")
        : throw new NotFoundException("negotiation", negotiation.Id!);

    private static Side AnsweringSide(Negotiation negotiation, Caller caller, DateTimeOffset now)
    {
        var side = PartySide(negotiation, caller);
        RequireOpen(negotiation);
        if (now >= negotiation.Current.ExpiresAt)
        {
            throw new DomainRuleViolationException("offer.lapsed", "offer", $"The last offer expired at {negotiation.Current.ExpiresAt:u}.", ("expiredAt", negotiation.Current.ExpiresAt));
        }

        return side == negotiation.Turn
            ? side
            : throw new DomainRuleViolationException("offer.not-your-turn", "offer", "Your side made the last offer: wait for the other side's answer.");
    }

    private static void RequireOpen(Negotiation negotiation)
    {
        if (negotiation.Status != NegotiationStatus.Open)
        {
            throw new DomainRuleViolationException("negotiation.ended", "negotiation", $"The negotiation has ended ({negotiation.Status}).", ("status", negotiation.Status.ToString()));
        }
    }

    private static (decimal Price, IReadOnlyList<Contracts.Deals.PaymentTerm> Schedule, string? Note, DateTimeOffset ExpiresAt) Terms(
        FieldErrors errors, decimal? price, IReadOnlyList<MilestoneRequest>? schedule, string? note, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        var p = OfferTerms.Price(errors, price);
        var terms = OfferTerms.Schedule(errors, schedule, p, DateOnly.FromDateTime(now.UtcDateTime));
        var text = errors.Text("note", note, 2000, required: false);
        var until = expiresAt?.ToUniversalTime() ?? now + DefaultValidity;
        errors.Check(until > now && until <= now + MaxValidity, "expiresAt", FieldCodes.DateOutOfRange, "An offer is valid for a time in the future, at most 30 days.",
            ("min", now), ("max", now + MaxValidity));
        return (p, terms, text, until);
    }
}
