using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Listing.Patents;

namespace IpExchange.Listing.Listings.Deals;

/// <summary>
/// What a struck deal and the agreement's end do to a listing. An exclusive deal (assignment,
/// exclusive or sole licence, equity) holds the listing for one agreement at a time; non-exclusive
/// and open licences leave it public for further licensees.
/// </summary>
public static class DealDecisions
{
    /// <summary>
    /// The listing's answer to a deal, or null when this deal was answered before (a re-sent deal).
    /// The licence rules are met again on the patents as they are now (<paramref name="patents"/>):
    /// a licence may have taken effect on them since the listing was approved.
    /// </summary>
    public static object? OnDealStruck(Listing listing, DealStruck deal, IReadOnlyList<Patent> patents)
    {
        if (listing.Deals.Contains(deal.DealId))
        {
            return null;
        }

        string? refusal = listing switch
        {
            { Exists: false } => "The listing does not exist.",
            _ when listing.OwnerOrganisationId != deal.SellerOrganisationId => "The seller is not the listing's owner.",
            _ when deal.BuyerOrganisationId == listing.OwnerOrganisationId => "The owner cannot buy its own listing.",
            _ when deal.DealKind != listing.Terms!.DealKind => $"The listing offers {listing.Terms.DealKind}, not {deal.DealKind}.",
            { Status: ListingStatus.Reserved } => $"The listing is already reserved for deal {listing.ReservedForDeal}.",
            { Status: not ListingStatus.Public } => $"The listing is {listing.Status}, not public.",
            _ when listing.Terms!.DirectedToOrganisationId is { } directed && directed != deal.BuyerOrganisationId => "The listing is directed to another organisation.",
            _ when listing.Terms!.AllianceId is not null && !listing.Terms.AllianceMemberIds.Contains(deal.BuyerOrganisationId) => "The buyer is not a member of the listing's alliance.",
            _ => LicenceConflicts(listing, deal.DealKind, patents),
        };

        if (refusal is not null)
        {
            return new DealRefusedForListing(deal.ListingId, deal.DealId, deal.BuyerOrganisationId, refusal, deal.SellerOrganisationId);
        }

        return deal.DealKind.IsExclusive()
            ? new ListingReservedForDeal(listing.Id!, deal.DealId, deal.BuyerOrganisationId, deal.Price)
            : new ListingLicenceGranted(listing.Id!, deal.DealId, deal.BuyerOrganisationId, deal.Price);
    }

    /// <summary>
    /// The listing held by the deal is sold. A deal the listing has not heard of yet (its news is
    /// still on the way) is remembered, so that the sale follows when the deal arrives. Null when the
    /// completion changes nothing: a licence, a refused deal, a repeated message.
    /// </summary>
    public static object? OnContractCompleted(Listing listing, ContractCompleted completed) => listing switch
    {
        { Status: ListingStatus.Reserved } when listing.ReservedForDeal == completed.DealId =>
            new ListingSoldToBuyer(listing.Id!, completed.DealId, listing.ReservedForBuyer!),
        _ when Unheard(listing, completed.DealId) => new DealCompletedBeforeReservation(listing.Id!, completed.DealId),
        _ => null,
    };

    /// <summary>As <see cref="OnContractCompleted"/>: the reservation is released, or the cancellation remembered for a deal still on the way.</summary>
    public static object? OnContractCancelled(Listing listing, ContractCancelled cancelled) => listing switch
    {
        { Status: ListingStatus.Reserved } when listing.ReservedForDeal == cancelled.DealId =>
            new ListingReservationReleased(listing.Id!, cancelled.DealId, cancelled.Reason),
        _ when Unheard(listing, cancelled.DealId) => new DealCancelledBeforeReservation(listing.Id!, cancelled.DealId, cancelled.Reason),
        _ => null,
    };

    /// <summary>
    /// What follows a reservation at once when the deal's agreement already ended (its news came
    /// first): the sale or the release, as if the messages had arrived in order. Null otherwise.
    /// </summary>
    public static object? AfterReservation(Listing listing) =>
        listing is { Status: ListingStatus.Reserved, ReservedForDeal: { } deal } && listing.AgreementsEndedEarly.TryGetValue(deal, out var end)
            ? end.Completed
                ? new ListingSoldToBuyer(listing.Id!, deal, listing.ReservedForBuyer!)
                : new ListingReservationReleased(listing.Id!, deal, end.Reason ?? "")
            : null;

    /// <summary>The first licence rule the deal breaks on one of the listing's patents, as the refusal's reason.</summary>
    private static string? LicenceConflicts(Listing listing, DealKind kind, IReadOnlyList<Patent> patents) =>
        patents.Where(p => listing.Terms!.PatentIds.Contains(p.Id!))
            .Select(p => LicenceRules.For(kind, p, listing.Id))
            .FirstOrDefault(c => c is not null)?.Message;

    private static bool Unheard(Listing listing, string dealId) =>
        listing.Exists && !listing.Deals.Contains(dealId) && !listing.AgreementsEndedEarly.ContainsKey(dealId);
}
