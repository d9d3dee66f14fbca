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

        return appended.Data switch
        {
            AgreementDraftedFromDeal e => [new AgreementDrafted(e.AgreementId, e.DealId, e.ListingId, e.Seller.OrganisationId, e.Buyer.OrganisationId,
                e.DealKind, e.Terms.Price, e.ContentHash, e.SigningDeadline, e.DraftedAt)],
            AgreementSignedByParty e => [new AgreementSigned(d.AgreementId, d.DealId, e.OrganisationId, e.UserId, e.ContentHash,
                a.Status == AgreementStatus.SignedByBoth, e.SignedAt)],
            AmendmentAccepted e => [new AgreementAmended(d.AgreementId, d.DealId, e.ContentHash, e.Price, e.AcceptedAt, e.SigningDeadline)],
            // A licence takes effect with its agreement: the Listing service holds its patents by it for its term.
            AgreementRecordedByExchange e => [
                new AgreementRecorded(d.AgreementId, d.DealId, d.ListingId, e.RecordNumber, e.RecordedAt),
                .. a.Licence is { } l
                    ? [new LicenceTookEffect(d.AgreementId, d.DealId, d.ListingId, d.DealKind, d.Seller.OrganisationId, d.Buyer.OrganisationId, Patents(d), l.StartsOn, l.EndsOn, e.RecordedAt)]
                    : Array.Empty<object>()],
            MilestonePaid e => [new PaymentReceived(d.AgreementId, d.DealId, e.MilestoneId, e.Amount, a.Outstanding, e.PaidAt)],
            MilestoneFellOverdue e => [new PaymentOverdue(d.AgreementId, d.DealId, d.Buyer.OrganisationId, e.MilestoneId, e.AmountDue, e.DueOn, e.DetectedAt)],
            // The cockpit keeps the registration with the patent office (transfer, or a licence's filing) as the deal's registered stage.
            PatentOfficeRegistrationRecorded e => [new TransferRegistered(d.AgreementId, d.DealId, e.NoticeNumber, e.NoticeDate, e.RecordedAt)],
            AgreementStepTaken e => [
                new AgreementStepRecorded(d.AgreementId, d.DealId, d.ListingId, e.Step, e.DocumentNumber, e.DocumentDate, e.RecordedAt),
                .. e.Step == AgreementPlan.PatentOfficeStep(d.DealKind)
                    ? [new TransferRegistered(d.AgreementId, d.DealId, e.DocumentNumber, e.DocumentDate, e.RecordedAt)]
                    : Array.Empty<object>()],
            AgreementStepFellOverdue e => [new AgreementStepOverdue(d.AgreementId, d.DealId, e.Step, e.DueOn, e.DetectedAt)],
            LicenceTermEnded e => [Ended(d, a, e.LastDay, LicenceEnded.TermEnded, e.EndedAt)],
            RoyaltySalesReported e => [new RoyaltyReported(d.AgreementId, d.DealId, e.Period, e.PeriodStart, e.PeriodEnd, e.Sales, e.Royalty, e.DueOn, e.ReportedAt)],
            RoyaltyPaidForPeriod e => [new RoyaltyPaid(d.AgreementId, d.DealId, d.ListingId, d.Seller.OrganisationId, d.Buyer.OrganisationId, e.Period, e.Amount,
                a.Royalties[e.Period].Outstanding ?? 0, e.PaidAt)],
            RoyaltyFellOverdue e => [new RoyaltyOverdue(d.AgreementId, d.DealId, d.Buyer.OrganisationId, e.Period, e.AmountDue, e.DueOn, e.DetectedAt)],
            // The Listing service sells the listing.
            AgreementFulfilled e => [new ContractCompleted(d.AgreementId, d.DealId, d.ListingId, d.Seller.OrganisationId, d.Buyer.OrganisationId, a.Terms!.Price, e.CompletedAt)],
            // The Listing service reopens the listing; a licence that had taken effect ends with its agreement.
            AgreementCancelled e => [
                new ContractCancelled(d.AgreementId, d.DealId, d.ListingId, e.Reason, e.CancelledAt),
                .. a is { Licence: { } l, LicenceEndedAt: null }
                    ? [Ended(d, a, Min(AgreementPlan.ChinaDay(e.CancelledAt), l.EndsOn), LicenceEnded.AgreementCancelled, e.CancelledAt)]
                    : Array.Empty<object>()],
            _ => [],
        };
    }

    private static LicenceEnded Ended(AgreementDraftedFromDeal d, Agreement a, DateOnly lastDay, string reason, DateTimeOffset at) =>
        new(d.AgreementId, d.DealId, d.ListingId, d.DealKind, d.Buyer.OrganisationId, Patents(d), lastDay, reason, at);

    private static List<string> Patents(AgreementDraftedFromDeal d) => [.. d.Patents.Select(p => p.Number)];

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
