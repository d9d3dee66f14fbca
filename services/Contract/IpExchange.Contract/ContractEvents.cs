using IpExchange.Contract.Agreements;

namespace IpExchange.Contract;

/// <summary>The domain events the Contract service stores; their names are part of the evidence, never renamed.</summary>
public static class ContractEvents
{
    public static readonly Type[] All =
    [
        typeof(AgreementDraftedFromDeal), typeof(AgreementSignedByParty), typeof(AmendmentProposed), typeof(AmendmentAccepted),
        typeof(AgreementRecordedByExchange), typeof(MilestonePaid), typeof(MilestoneFellOverdue), typeof(PatentOfficeRegistrationRecorded),
        typeof(AgreementFulfilled), typeof(CancellationRequested), typeof(AgreementCancelled), typeof(DealRefusedBeforeDrafting),
        typeof(AgreementStepTaken), typeof(AgreementStepFellOverdue), typeof(LicenceTermEnded), typeof(RoyaltySalesReported),
        typeof(RoyaltyPaidForPeriod), typeof(RoyaltyFellOverdue),
    ];
}
