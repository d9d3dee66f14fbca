using IpExchange.Listing.Listings;
using IpExchange.Listing.Patents;

namespace IpExchange.Listing;

/// <summary>The domain events the Listing service stores; their names are part of the record, never renamed.</summary>
public static class ListingEvents
{
    public static readonly Type[] All =
    [
        typeof(PatentRegistered), typeof(PatentLegalStatusChanged), typeof(PatentPledged), typeof(PledgeeConsentRecorded),
        typeof(PatentPledgeReleased), typeof(PatentOffered), typeof(PatentReleased), typeof(PatentAssigned), typeof(LoanPledgeReleasedEarly), typeof(PledgedLoanDefaulted),
        typeof(PatentLicenceGranted), typeof(PatentLicenceEnded),
        typeof(ListingDrafted), typeof(ListingEdited), typeof(ListingSubmitted), typeof(ListingApproved), typeof(ListingRejected),
        typeof(ListingWithdrawnByOwner), typeof(ListingReservedForDeal), typeof(ListingLicenceGranted), typeof(ListingSoldToBuyer),
        typeof(ListingReservationReleased), typeof(ListingPeriodEnded), typeof(DealRefusedForListing),
        typeof(DealCompletedBeforeReservation), typeof(DealCancelledBeforeReservation),
        typeof(Seeding.DemoDataSeeded),
    ];
}
