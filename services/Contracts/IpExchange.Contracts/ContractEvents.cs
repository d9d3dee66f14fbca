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

/// <summary>The steps an agreement takes once effective, by deal kind (their names in Chinese are the UI's and the text's).</summary>
public static class AgreementSteps
{
    /// <summary>专利权转移登记 (著录项目变更) with the patent office: an assignment, and a patent contributed as equity.</summary>
    public const string PatentTransferRegistration = "PatentTransferRegistration";

    /// <summary>专利实施许可合同备案 with the patent office, within three months of the licence taking effect.</summary>
    public const string LicenceContractFiling = "LicenceContractFiling";

    /// <summary>被投资方股东会决议: the investee's shareholders accept the contribution and the new capital.</summary>
    public const string ShareholderResolution = "ShareholderResolution";

    /// <summary>工商变更登记: the investee's business registration records the new registered capital and shareholder.</summary>
    public const string BusinessRegistrationChange = "BusinessRegistrationChange";
}

/// <summary>A step of an effective agreement was recorded by a party, with its document's number and date.</summary>
public sealed record AgreementStepRecorded(string AgreementId, string DealId, string ListingId, string Step, string DocumentNumber, DateOnly DocumentDate, DateTimeOffset RecordedAt);

/// <summary>A step with a deadline (the licence contract's filing, 备案) was not recorded by its last day.</summary>
public sealed record AgreementStepOverdue(string AgreementId, string DealId, string Step, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>
/// A licence agreement took effect (recorded by the exchange): the licence is in force on the
/// listed patents from <paramref name="StartsOn"/> to <paramref name="EndsOn"/> (last day). The
/// Listing service keeps it per patent for the exclusivity and open-licence rules.
/// </summary>
public sealed record LicenceTookEffect(
    string AgreementId, string DealId, string ListingId, DealKind DealKind, string LicensorOrganisationId, string LicenseeOrganisationId,
    IReadOnlyList<string> PatentNumbers, DateOnly StartsOn, DateOnly EndsOn, DateTimeOffset TookEffectAt);

/// <summary>
/// A licence stopped being in force: its term ended (<see cref="TermEnded"/>) or its agreement was
/// cancelled after taking effect (<see cref="AgreementCancelled"/>). An exclusive or sole licence
/// releases its patents.
/// </summary>
public sealed record LicenceEnded(
    string AgreementId, string DealId, string ListingId, DealKind DealKind, string LicenseeOrganisationId, IReadOnlyList<string> PatentNumbers,
    DateOnly LastDay, string Reason, DateTimeOffset EndedAt)
{
    public const string TermEnded = "term-ended";
    public const string AgreementCancelled = "agreement-cancelled";
}

/// <summary>提成: the licensee reported its net sales of a licence year; the royalty due is computed to the fen.</summary>
public sealed record RoyaltyReported(
    string AgreementId, string DealId, int Period, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Sales, decimal Royalty, DateOnly DueOn, DateTimeOffset ReportedAt);

/// <summary>A royalty payment for a licence year: royalty income of the licensor (the cockpit counts <paramref name="Amount"/>).</summary>
public sealed record RoyaltyPaid(
    string AgreementId, string DealId, string ListingId, string LicensorOrganisationId, string LicenseeOrganisationId, int Period, decimal Amount,
    decimal Outstanding, DateTimeOffset PaidAt);

/// <summary>A licence year's royalty was not reported (<paramref name="AmountDue"/> null) or not paid in full by its due date.</summary>
public sealed record RoyaltyOverdue(
    string AgreementId, string DealId, string LicenseeOrganisationId, int Period, decimal? AmountDue, DateOnly DueOn, DateTimeOffset DetectedAt);
