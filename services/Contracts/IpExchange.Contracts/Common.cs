namespace IpExchange.Contracts;

/// <summary>The right traded (交易方式).</summary>
public enum DealKind
{
    Assignment,            // 转让
    ExclusiveLicence,      // 独占许可
    SoleLicence,           // 排他许可
    NonExclusiveLicence,   // 普通许可
    OpenLicence,           // 开放许可
    EquityContribution,    // 作价入股
}

/// <summary>定价方式: the six pricing methods of the Chongqing operation centre.</summary>
public enum PricingMethod
{
    Negotiated,            // 协议定价
    Appraisal,             // 评估定价
    OnlineBidding,         // 网络竞价
    Auction,               // 拍卖竞价
    CompetitiveNegotiation, // 竞争性谈判
    BigDataValuation,      // 大数据系统估价
}

/// <summary>交易模式: the five trading modes.</summary>
public enum TradingMode
{
    Negotiated,            // 协议交易
    Bidding,               // 竞价交易
    Directed,              // 定向交易
    ListingTransfer,       // 挂牌转让
    Alliance,              // 联盟交易
}

public enum PatentType
{
    Invention,             // 发明
    UtilityModel,          // 实用新型
    Design,                // 外观设计
}

public static class DealKinds
{
    /// <summary>Assignment, exclusive or sole licence and equity hold a listing for one agreement at a time.</summary>
    public static bool IsExclusive(this DealKind kind) =>
        kind is DealKind.Assignment or DealKind.ExclusiveLicence or DealKind.SoleLicence or DealKind.EquityContribution;
}

/// <summary>
/// What a licence grants beyond its kind (独占 / 排他 / 普通 / 开放许可): for how many months from the
/// day the agreement takes effect (never past the patents' term), where, in which field of use,
/// whether the licensee may sublicense, and the running royalty (提成) on the licensee's net sales
/// with a minimum per licence year. The entry fee is the deal's price.
/// </summary>
public sealed record LicenceTerms(int TermMonths, string Territory, string FieldOfUse, bool SublicensingAllowed, decimal? RoyaltyRate, decimal? MinimumAnnualRoyalty)
{
    public const string WholeCountry = "中华人民共和国境内";
    public const string AnyField = "不限";

    /// <summary>What a licence listed without terms (before they were asked for) grants: five years, the whole country, any field, no sublicensing, no royalty.</summary>
    public static LicenceTerms Default { get; } = new(60, WholeCountry, AnyField, false, null, null);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasRoyalty => RoyaltyRate is > 0 || MinimumAnnualRoyalty is > 0;
}

/// <summary>资产评估报告: the appraisal a price rests on, and the one a contribution in kind (作价入股) must have.</summary>
public sealed record AppraisalReport(string Appraiser, string ReportNumber, decimal Value, DateOnly Date);

public static class DealKindRules
{
    public static bool IsLicence(this DealKind kind) =>
        kind is DealKind.ExclusiveLicence or DealKind.SoleLicence or DealKind.NonExclusiveLicence or DealKind.OpenLicence;

    /// <summary>An exclusive or sole licence excludes any other licensee for its term.</summary>
    public static bool ExcludesOtherLicensees(this DealKind kind) => kind is DealKind.ExclusiveLicence or DealKind.SoleLicence;
}
