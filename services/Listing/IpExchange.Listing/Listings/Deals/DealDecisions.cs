using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;

namespace IpExchange.Listing.Listings.Deals;

/// <summary>
/// What a struck deal and the agreement's end do to a listing. An exclusive deal (assignment,
/// exclusive or sole licence, equity) holds the listing for one agreement at a time; non-exclusive
/// and open licences leave it public for further licensees.
/// </summary>
public static class DealDecisions
{
    /// <summary>The listing's answer to a deal, or null when this deal was answered before (a re-sent deal).</summary>
    public static object? OnDealStruck(Listing listing, DealStruck deal)
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
            _ => null,
        };

        if (refusal is not null)
        {
            return new DealRefusedForListing(deal.ListingId, deal.DealId, deal.BuyerOrganisationId, refusal);
        }

        return deal.DealKind.IsExclusive()
            ? new ListingReservedForDeal(listing.Id!, deal.DealId, deal.BuyerOrganisationId, deal.Price)
            : new ListingLicenceGranted(listing.Id!, deal.DealId, deal.BuyerOrganisationId, deal.Price);
    }

    /// <summary>Null when the completion is not about the deal holding this listing (a licence, or a stale message).</summary>
    public static ListingSoldToBuyer? OnContractCompleted(Listing listing, ContractCompleted completed) =>
        listing.Status == ListingStatus.Reserved && listing.ReservedForDeal == completed.DealId
            ? new ListingSoldToBuyer(listing.Id!, completed.DealId, listing.ReservedForBuyer!)
            : null;

    public static ListingReservationReleased? OnContractCancelled(Listing listing, ContractCancelled cancelled) =>
        listing.Status == ListingStatus.Reserved && listing.ReservedForDeal == cancelled.DealId
            ? new ListingReservationReleased(listing.Id!, cancelled.DealId, cancelled.Reason)
            : null;
}
