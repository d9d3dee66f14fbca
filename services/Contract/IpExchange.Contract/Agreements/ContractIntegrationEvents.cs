using IpExchange.Contracts.Agreements;
using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements;

/// <summary>
/// What the agreement's events announce to the other services (IpExchange.Contracts.Agreements),
/// from each event and the agreement as it is after it. The session writes them to the outbox in
/// the append's transaction. Proposals, cancellation requests and a refusal that closed a deal's
/// stream before drafting announce nothing: nobody outside waits on them.
/// </summary>
public sealed class ContractIntegrationEvents : IIntegrationEvents
{
    public IEnumerable<object> For(AppendedEvent appended)
    {
        if (appended.State is not Agreement { Draft: { } d } a)
        {
            return [];
        }

        object? message = appended.Data switch
        {
            AgreementDraftedFromDeal e => new AgreementDrafted(e.AgreementId, e.DealId, e.ListingId, e.Seller.OrganisationId, e.Buyer.OrganisationId,
                e.DealKind, e.Terms.Price, e.ContentHash, e.SigningDeadline, e.DraftedAt),
            AgreementSignedByParty e => new AgreementSigned(d.AgreementId, d.DealId, e.OrganisationId, e.UserId, e.ContentHash,
                a.Status == AgreementStatus.SignedByBoth, e.SignedAt),
            AmendmentAccepted e => new AgreementAmended(d.AgreementId, d.DealId, e.ContentHash, e.Price, e.AcceptedAt, e.SigningDeadline),
            AgreementRecordedByExchange e => new AgreementRecorded(d.AgreementId, d.DealId, d.ListingId, e.RecordNumber, e.RecordedAt),
            MilestonePaid e => new PaymentReceived(d.AgreementId, d.DealId, e.MilestoneId, e.Amount, a.Outstanding, e.PaidAt),
            MilestoneFellOverdue e => new PaymentOverdue(d.AgreementId, d.DealId, d.Buyer.OrganisationId, e.MilestoneId, e.AmountDue, e.DueOn, e.DetectedAt),
            PatentOfficeRegistrationRecorded e => new TransferRegistered(d.AgreementId, d.DealId, e.NoticeNumber, e.NoticeDate, e.RecordedAt),
            // The Listing service sells the listing.
            AgreementFulfilled e => new ContractCompleted(d.AgreementId, d.DealId, d.ListingId, d.Seller.OrganisationId, d.Buyer.OrganisationId, a.Terms!.Price, e.CompletedAt),
            // The Listing service reopens the listing.
            AgreementCancelled e => new ContractCancelled(d.AgreementId, d.DealId, d.ListingId, e.Reason, e.CancelledAt),
            _ => null,
        };
        return message is null ? [] : [message];
    }
}
