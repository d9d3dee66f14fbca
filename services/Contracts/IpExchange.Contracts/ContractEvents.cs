namespace IpExchange.Contracts.Agreements;

/// <summary>合同起草: the Contract service drafted the agreement of a struck deal from its kind's template.</summary>
public sealed record AgreementDrafted(
    string AgreementId,
    string DealId,
    string ListingId,
    string SellerOrganisationId,
    string BuyerOrganisationId,
    DealKind DealKind,
    decimal Price,
    string ContentHash,
    DateTimeOffset SigningDeadline,
    DateTimeOffset DraftedAt);

/// <summary>One party signed the agreement's current content hash.</summary>
public sealed record AgreementSigned(string AgreementId, string DealId, string OrganisationId, string UserId, string ContentHash, bool BothSigned, DateTimeOffset SignedAt);

/// <summary>Both parties agreed an amendment: a new content hash, signatures reset, the signing deadline restarted (default when sent by an older publisher).</summary>
public sealed record AgreementAmended(string AgreementId, string DealId, string ContentHash, decimal Price, DateTimeOffset AmendedAt, DateTimeOffset SigningDeadline = default);

/// <summary>合同登记: exchange staff recorded the signed agreement; it is effective.</summary>
public sealed record AgreementRecorded(string AgreementId, string DealId, string ListingId, string RecordNumber, DateTimeOffset RecordedAt);

/// <summary>A payment against a milestone of the schedule.</summary>
public sealed record PaymentReceived(string AgreementId, string DealId, string Milestone, decimal Amount, decimal Outstanding, DateTimeOffset PaidAt);

/// <summary>A milestone passed its due date unpaid.</summary>
public sealed record PaymentOverdue(string AgreementId, string DealId, string BuyerOrganisationId, string Milestone, decimal AmountDue, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>著录项目变更: the patent office's notice of the transfer or licence recorded by the parties.</summary>
public sealed record TransferRegistered(string AgreementId, string DealId, string NoticeNumber, DateOnly NoticeDate, DateTimeOffset RecordedAt);

/// <summary>交割完成: everything paid and the patent office registration recorded.</summary>
public sealed record ContractCompleted(string AgreementId, string DealId, string ListingId, string SellerOrganisationId, string BuyerOrganisationId, decimal Price, DateTimeOffset CompletedAt);

/// <summary>The agreement failed (not signed in time, cancelled by both or by the exchange).</summary>
public sealed record ContractCancelled(string AgreementId, string DealId, string ListingId, string Reason, DateTimeOffset CancelledAt);
