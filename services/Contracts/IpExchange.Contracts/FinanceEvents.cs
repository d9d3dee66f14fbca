namespace IpExchange.Contracts.Finance;

/// <summary>
/// 知识产权质押融资: what the Finance service announces about a pledge loan. Amounts are yuan to the
/// fen; rates are fractions (0.015 is 1.5 %).
/// </summary>
public sealed record LoanApplied(
    string LoanId, string BorrowerOrganisationId, string BankOrganisationId, string GuarantorOrganisationId,
    decimal Amount, int TermMonths, IReadOnlyList<string> PatentIds, DateTimeOffset AppliedAt);

/// <summary>The guarantor or the bank refused the application, with its reason.</summary>
public sealed record LoanRefused(string LoanId, string BorrowerOrganisationId, string RefusedBy, string Reason, DateTimeOffset RefusedAt);

/// <summary>
/// A pledged patent (质物) as the loan's application described it: its expiry, for the watch on
/// pledged patents, and its IPC codes (the first is the main one), for the figures by industry.
/// </summary>
public sealed record PledgeCollateral(string PatentId, string Title, DateOnly ExpiresOn, IReadOnlyList<string> IpcCodes);

/// <summary>
/// 放款审批: the bank approved with its terms (after the guarantor's approval). <paramref name="Collateral"/>:
/// the pledged patents (null in messages from before they were carried).
/// </summary>
public sealed record LoanGranted(
    string LoanId, string BorrowerOrganisationId, string BankOrganisationId, string GuarantorOrganisationId, string? Region,
    decimal Amount, decimal AnnualRate, int TermMonths, decimal GuaranteeFeeRate, bool RiskSharingEligible, DateTimeOffset GrantedAt,
    IReadOnlyList<PledgeCollateral>? Collateral = null);

/// <summary>
/// 质押登记: the patent office registered the pledge (notice number and date). The Listing service
/// marks the patents pledged to <paramref name="PledgeeName"/> under the loan's id as contract number.
/// <paramref name="Collateral"/>: the pledged patents with their expiry (null in messages from before they were carried).
/// </summary>
public sealed record PledgeRegistered(
    string LoanId, string BorrowerOrganisationId, string BankOrganisationId, string PledgeeName, IReadOnlyList<string> PatentIds,
    string NoticeNumber, DateOnly NoticeDate, DateTimeOffset RegisteredAt, IReadOnlyList<PledgeCollateral>? Collateral = null);

/// <summary>A repayment against the schedule; <paramref name="Outstanding"/> is what remains of principal and interest.</summary>
public sealed record LoanRepaymentReceived(string LoanId, int Instalment, decimal Amount, decimal Outstanding, DateTimeOffset PaidAt);

/// <summary>An instalment passed its due date unpaid.</summary>
public sealed record LoanInstalmentOverdue(string LoanId, string BorrowerOrganisationId, int Instalment, decimal AmountDue, DateOnly DueOn, DateTimeOffset DetectedAt);

/// <summary>贴息: the interest subsidy for a paid period of an eligible loan.</summary>
public sealed record InterestSubsidyGranted(string LoanId, string BorrowerOrganisationId, int Instalment, decimal Amount, DateTimeOffset GrantedAt);

/// <summary>
/// The loan is repaid in full: the pledge is released (质押注销). The Listing service releases the
/// patents pledged under the loan's id.
/// </summary>
public sealed record PledgeReleased(string LoanId, string BorrowerOrganisationId, IReadOnlyList<string> PatentIds, DateTimeOffset ReleasedAt);

/// <summary>
/// The bank declared the loan in default; <paramref name="Loss"/> is the unpaid principal and overdue interest.
/// <paramref name="PatentIds"/>: the pledged patents, whose pledge the bank may now dispose of (the Listing
/// service lets it list them; null in messages from before they were carried).
/// </summary>
public sealed record LoanDefaulted(string LoanId, string BorrowerOrganisationId, string BankOrganisationId, decimal Loss, DateTimeOffset DefaultedAt,
    IReadOnlyList<string>? PatentIds = null);

/// <summary>One party's share of a default's loss.</summary>
public sealed record CompensationShare(string Party, string PartyName, decimal Ratio, decimal Amount);

/// <summary>风险补偿: the loss shared among the parties (4:2:2:2 when eligible, else the loan's own terms).</summary>
public sealed record RiskCompensationSettled(
    string LoanId, decimal Loss, bool RiskSharingEligible, IReadOnlyList<CompensationShare> Shares, DateTimeOffset SettledAt);

/// <summary>A payment in a disposal: who pays whom, how much, for what.</summary>
public sealed record MoneyFlow(string From, string To, decimal Amount, string Purpose);

/// <summary>质物处置: the pledgee disposed of the pledged patents; the money flows say where the proceeds went.</summary>
public sealed record PledgeDisposed(
    string LoanId, string BorrowerOrganisationId, string Method, IReadOnlyList<string> PatentIds, decimal Proceeds,
    IReadOnlyList<MoneyFlow> Flows, DateTimeOffset DisposedAt);
