using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Finance;
using IpExchange.Contracts.Listings;
using IpExchange.Contracts.Matching;
using IpExchange.Monitoring.Alerts;
using IpExchange.Monitoring.Financing;
using IpExchange.Monitoring.Pipeline;

namespace IpExchange.Monitoring.Facts;

/// <summary>
/// What the Monitoring service keeps of the other services' integration events: each message is
/// stored as it came (the record itself is the fact), in a stream per deal, listing or auction of
/// Monitoring's own event store. The source's time is in the record; the source's message id is the
/// event's causation id, so the audit can tie each fact to the message that brought it.
/// </summary>
public static class Facts
{
    /// <summary>Every integration event the service consumes, and its own decisions.</summary>
    public static readonly Type[] Consumed =
    [
        typeof(ListingSubmitted), typeof(ListingRejected), typeof(ListingLeftReview), typeof(ListingPublished), typeof(ListingWithdrawn), typeof(ListingExpired), typeof(ListingReserved),
        typeof(ListingLicensed), typeof(ListingSold), typeof(ListingReopened), typeof(DealRefused),
        typeof(DealStruck),
        typeof(AgreementDrafted), typeof(AgreementSigned), typeof(AgreementAmended), typeof(AgreementRecorded),
        typeof(PaymentReceived), typeof(PaymentOverdue), typeof(TransferRegistered), typeof(ContractCompleted), typeof(ContractCancelled),
        typeof(RoyaltyReported), typeof(RoyaltyPaid), typeof(RoyaltyOverdue),
        typeof(AuctionBidAccepted), typeof(AuctionEnded), typeof(AuctionDepositReleased),
        typeof(StrongMatchFound),
        typeof(LoanApplied), typeof(LoanRefused), typeof(LoanGranted), typeof(PledgeRegistered), typeof(LoanRepaymentReceived), typeof(LoanInstalmentOverdue),
        typeof(InterestSubsidyGranted), typeof(PledgeReleased), typeof(LoanDefaulted), typeof(RiskCompensationSettled), typeof(PledgeDisposed),
    ];

    /// <summary>Every event type Monitoring's store holds: the facts it hears, and its own findings and alerts.</summary>
    public static IEnumerable<Type> Stored => Consumed.Concat([typeof(DealStuck), typeof(DealAwaitingListing), typeof(AlertRaised), typeof(AlertAcknowledged), typeof(AlertResolved)]);

    public static string DealStream(string dealId) => $"deal-{dealId}";

    public static string ListingStream(string listingId) => $"listing-{listingId}";

    public static string AuctionStream(string auctionId) => $"auction-{auctionId}";

    /// <summary>The stream a fact belongs to: its deal, else its listing, else its auction, else its loan.</summary>
    public static string StreamOf(object fact) => fact switch
    {
        DealStruck e => DealStream(e.DealId),
        DealRefused e => DealStream(e.DealId),
        AgreementDrafted e => DealStream(e.DealId),
        AgreementSigned e => DealStream(e.DealId),
        AgreementAmended e => DealStream(e.DealId),
        AgreementRecorded e => DealStream(e.DealId),
        PaymentReceived e => DealStream(e.DealId),
        PaymentOverdue e => DealStream(e.DealId),
        TransferRegistered e => DealStream(e.DealId),
        ContractCompleted e => DealStream(e.DealId),
        ContractCancelled e => DealStream(e.DealId),
        DealStuck e => DealStream(e.DealId),
        RoyaltyReported e => DealStream(e.DealId),
        RoyaltyPaid e => DealStream(e.DealId),
        RoyaltyOverdue e => DealStream(e.DealId),
        ListingSubmitted e => ListingStream(e.ListingId),
        ListingRejected e => ListingStream(e.ListingId),
        ListingLeftReview e => ListingStream(e.ListingId),
        ListingPublished e => ListingStream(e.ListingId),
        ListingWithdrawn e => ListingStream(e.ListingId),
        ListingExpired e => ListingStream(e.ListingId),
        ListingReserved e => ListingStream(e.ListingId),
        ListingLicensed e => ListingStream(e.ListingId),
        ListingSold e => ListingStream(e.ListingId),
        ListingReopened e => ListingStream(e.ListingId),
        StrongMatchFound e => ListingStream(e.ListingId),
        DealAwaitingListing e => ListingStream(e.ListingId),
        AuctionBidAccepted e => AuctionStream(e.AuctionId),
        AuctionEnded e => AuctionStream(e.AuctionId),
        AuctionDepositReleased e => AuctionStream(e.AuctionId),
        AlertRaised e => Alert.StreamId(e.AlertId),
        AlertAcknowledged e => Alert.StreamId(e.AlertId),
        AlertResolved e => Alert.StreamId(e.AlertId),
        LoanApplied e => LoanView.StreamOf(e.LoanId),
        LoanRefused e => LoanView.StreamOf(e.LoanId),
        LoanGranted e => LoanView.StreamOf(e.LoanId),
        PledgeRegistered e => LoanView.StreamOf(e.LoanId),
        LoanRepaymentReceived e => LoanView.StreamOf(e.LoanId),
        LoanInstalmentOverdue e => LoanView.StreamOf(e.LoanId),
        InterestSubsidyGranted e => LoanView.StreamOf(e.LoanId),
        PledgeReleased e => LoanView.StreamOf(e.LoanId),
        LoanDefaulted e => LoanView.StreamOf(e.LoanId),
        RiskCompensationSettled e => LoanView.StreamOf(e.LoanId),
        PledgeDisposed e => LoanView.StreamOf(e.LoanId),
        _ => throw new ArgumentException($"{fact.GetType().Name} is not a fact the cockpit keeps.", nameof(fact)),
    };

    /// <summary>When it happened at its source (not when Monitoring heard of it).</summary>
    public static DateTimeOffset OccurredAt(object fact) => fact switch
    {
        DealStruck e => e.StruckAt,
        DealRefused e => e.RefusedAt,
        AgreementDrafted e => e.DraftedAt,
        AgreementSigned e => e.SignedAt,
        AgreementAmended e => e.AmendedAt,
        AgreementRecorded e => e.RecordedAt,
        PaymentReceived e => e.PaidAt,
        PaymentOverdue e => e.DetectedAt,
        TransferRegistered e => e.RecordedAt,
        ContractCompleted e => e.CompletedAt,
        ContractCancelled e => e.CancelledAt,
        DealStuck e => e.DetectedAt,
        RoyaltyReported e => e.ReportedAt,
        RoyaltyPaid e => e.PaidAt,
        RoyaltyOverdue e => e.DetectedAt,
        ListingSubmitted e => e.SubmittedAt,
        ListingRejected e => e.RejectedAt,
        ListingLeftReview e => e.LeftAt,
        ListingPublished e => e.PublishedAt,
        ListingWithdrawn e => e.WithdrawnAt,
        ListingExpired e => e.ExpiredAt,
        ListingReserved e => e.ReservedAt,
        ListingLicensed e => e.LicensedAt,
        ListingSold e => e.SoldAt,
        ListingReopened e => e.ReopenedAt,
        StrongMatchFound e => e.FoundAt,
        DealAwaitingListing e => e.HeardAt,
        AuctionBidAccepted e => e.PlacedAt,
        AuctionEnded e => e.EndedAt,
        AuctionDepositReleased e => e.ReleasedAt,
        AlertRaised e => e.RaisedAt,
        AlertAcknowledged e => e.AcknowledgedAt,
        AlertResolved e => e.ResolvedAt,
        LoanApplied e => e.AppliedAt,
        LoanRefused e => e.RefusedAt,
        LoanGranted e => e.GrantedAt,
        PledgeRegistered e => e.RegisteredAt,
        LoanRepaymentReceived e => e.PaidAt,
        LoanInstalmentOverdue e => e.DetectedAt,
        InterestSubsidyGranted e => e.GrantedAt,
        PledgeReleased e => e.ReleasedAt,
        LoanDefaulted e => e.DefaultedAt,
        RiskCompensationSettled e => e.SettledAt,
        PledgeDisposed e => e.DisposedAt,
        _ => throw new ArgumentException($"{fact.GetType().Name} is not a fact the cockpit keeps.", nameof(fact)),
    };

    /// <summary>The service that published it (DealRefused is the Listing service's answer to a deal).</summary>
    public static string SourceOf(object fact)
    {
        var ns = fact.GetType().Namespace ?? "";
        return ns switch
        {
            "IpExchange.Contracts.Listings" => "listing",
            "IpExchange.Contracts.Deals" or "IpExchange.Contracts.Auctions" or "IpExchange.Contracts.Matching" => "matching",
            "IpExchange.Contracts.Agreements" => "contract",
            "IpExchange.Contracts.Finance" => "finance",
            _ => "monitoring",
        };
    }
}
