using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Patents;

namespace IpExchange.Listing;

/// <summary>
/// The one place where the Listing service's domain events become the integration events of
/// <c>IpExchange.Contracts.Listings</c>: the session calls it for every event it appends, with the
/// listing as it is after the event, and writes what it returns to the outbox in the same
/// transaction. A patent's events that change what a lender needs (owner, legal status, pledge,
/// licences) announce the patent as it is after them (<c>PatentChanged</c>, with the stream's
/// version); its offers to listings stay inside: other services learn those from the listings.
/// </summary>
public sealed class ListingIntegrationEvents : IIntegrationEvents
{
    public IEnumerable<object> For(AppendedEvent appended) => appended.State switch
    {
        Listings.Listing listing => For(appended.Data, listing, appended.At),
        Patent { Registration: { } r } patent when appended.Version > 0 && appended.Data is not (PatentOffered or PatentReleased or LoanPledgeReleasedEarly or PledgedLoanDefaulted) =>
            [new PatentChanged(patent.Id!, r.Title, r.Type, patent.OwnerOrganisationId!, patent.LegalStatus == LegalStatus.Valid && r.GrantDate is not null,
                r.ExpiresOn, patent.Pledge?.Pledgee, patent.Pledge?.ContractNumber, appended.Version, appended.At, r.IpcCodes)],
        _ => [],
    };

    private static IEnumerable<object> For(object @event, Listings.Listing listing, DateTimeOffset at)
    {
        var terms = listing.Terms!; // after any listing event the state holds the terms of its draft
        switch (@event)
        {
            case Listings.ListingSubmitted e:
                yield return new Contracts.Listings.ListingSubmitted(listing.Id!, listing.OwnerOrganisationId!, listing.OwnerOrganisationName!, listing.Region,
                    terms.Title, terms.DealKind, terms.AskingPrice, e.IpcCodes ?? [], at);
                break;
            case Listings.ListingRejected e:
                yield return new Contracts.Listings.ListingRejected(listing.Id!, listing.OwnerOrganisationId!, e.Reasons, at);
                break;
            case ListingApproved e:
                yield return Published(listing, e, at);
                break;
            // Withdrawal and expiry are news only for a listing others saw: from Public nothing leads
            // back to a draft, so a listing that was ever public was public until this event.
            case ListingWithdrawnByOwner e when listing.WasPublic:
                yield return new ListingWithdrawn(listing.Id!, listing.OwnerOrganisationId!, e.Reason, at);
                break;
            case ListingPeriodEnded when listing.WasPublic:
                yield return new ListingExpired(listing.Id!, listing.OwnerOrganisationId!, at);
                break;
            // A listing that was only ever in review was counted as such by the exchange's cockpit: it
            // hears that the review ended without an approval, and how.
            case ListingWithdrawnByOwner when listing.WasSubmitted:
                yield return new ListingLeftReview(listing.Id!, listing.OwnerOrganisationId!, ReviewExit.Withdrawn, at);
                break;
            case ListingPeriodEnded when listing.WasSubmitted:
                yield return new ListingLeftReview(listing.Id!, listing.OwnerOrganisationId!, ReviewExit.Expired, at);
                break;
            case ListingEdited when listing.WasSubmitted:
                yield return new ListingLeftReview(listing.Id!, listing.OwnerOrganisationId!, ReviewExit.ReturnedToDraft, at);
                break;
            case ListingReservedForDeal e:
                yield return new ListingReserved(listing.Id!, e.DealId, e.BuyerOrganisationId, at);
                break;
            case ListingLicenceGranted e:
                yield return new ListingLicensed(listing.Id!, e.DealId, e.LicenseeOrganisationId, listing.LicenceCount, at);
                break;
            case ListingSoldToBuyer e:
                yield return new ListingSold(listing.Id!, e.DealId, e.BuyerOrganisationId, at);
                break;
            case ListingReservationReleased e:
                yield return new ListingReopened(listing.Id!, e.DealId, e.Reason, at);
                break;
            case DealRefusedForListing e:
                yield return new DealRefused(e.DealId, listing.Id!, e.SellerOrganisationId ?? listing.OwnerOrganisationId!, e.BuyerOrganisationId, e.Reason, at);
                break;
        }
    }

    /// <summary>
    /// 挂牌公示, for every other service: the listing's terms with the reserve price (for the Matching
    /// service's auctions only; never shown to buyers), the owner's keywords, and its patents as they
    /// stood when approved, with everything the matching reads (titles and abstracts in both
    /// languages, IPC codes or a design's Locarno class).
    /// </summary>
    private static ListingPublished Published(Listings.Listing listing, ListingApproved approved, DateTimeOffset at)
    {
        var t = listing.Terms!;
        return new ListingPublished(
            listing.Id!, listing.OwnerOrganisationId!, listing.OwnerOrganisationName!, listing.Region, t.Title, t.TitleEn, t.Summary,
            t.DealKind, t.PricingMethod, t.TradingMode, t.AskingPrice, t.ReservePrice, t.OpenLicenceFee, t.DirectedToOrganisationId,
            t.AllianceId, t.AllianceMemberIds, ExchangeCalendar.StartOf(t.ListedFrom), ExchangeCalendar.EndOf(t.ListedUntil),
            t.Appraisal?.Value,
            (approved.Patents ?? []).Select(p => new ListedPatent(p.PatentId, p.PatentId, p.Title, p.Type, p.IpcCodes, p.FilingDate, p.ExpiresOn,
                p.ClaimsCount, p.Pledged, p.TitleEn, p.Abstract, p.AbstractEn, p.LocarnoClass)).ToList(),
            at,
            t.LicenceOffered,
            t.Appraisal is { } a ? new AppraisalReport(a.Appraiser, a.ReportNumber, a.Value, a.Date) : null,
            t.Keywords ?? [],
            listing.PledgeLoanId);
    }
}
