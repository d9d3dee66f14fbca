namespace IpExchange.Contracts.Members;

/// <summary>What kind of member an organisation is (会员类别).</summary>
public enum OrganisationKind
{
    UniversityOrInstitute,  // 高校院所
    Enterprise,             // 企业
    Bank,                   // 银行
    GuaranteeInstitution,   // 担保机构
    ServiceAgency,          // 服务机构
    Exchange,               // 交易中心 (the exchange itself; never applied for)
}

/// <summary>
/// An organisation passed the exchange's verification (实名认证) and is a member: from now on its
/// users trade under its registered legal name and 统一社会信用代码. <paramref name="Version"/> is the
/// organisation's stream version: the Identity service's messages about one organisation may arrive
/// in any order, and a consumer keeps the one with the highest version.
/// </summary>
public sealed record OrganisationVerified(
    string OrganisationId,
    string LegalName,
    string CreditCode,
    OrganisationKind Kind,
    string Region,
    string? Group,
    long Version,
    DateTimeOffset VerifiedAt);

/// <summary>A verified organisation's registered details were amended by the exchange (a new legal name, region or group).</summary>
public sealed record OrganisationChanged(
    string OrganisationId,
    string LegalName,
    string CreditCode,
    OrganisationKind Kind,
    string Region,
    string? Group,
    long Version,
    DateTimeOffset ChangedAt);

/// <summary>
/// The exchange suspended a member: its users can no longer sign in, and no service accepts its bids,
/// offers or signatures until it is reinstated. Access tokens issued before live out their few minutes,
/// so services refuse the organisation's commands themselves from this message on.
/// </summary>
public sealed record OrganisationSuspended(
    string OrganisationId,
    string LegalName,
    string CreditCode,
    OrganisationKind Kind,
    string Region,
    string? Group,
    string Reason,
    long Version,
    DateTimeOffset SuspendedAt);

/// <summary>A suspended member may act again.</summary>
public sealed record OrganisationReinstated(
    string OrganisationId,
    string LegalName,
    string CreditCode,
    OrganisationKind Kind,
    string Region,
    string? Group,
    long Version,
    DateTimeOffset ReinstatedAt);
