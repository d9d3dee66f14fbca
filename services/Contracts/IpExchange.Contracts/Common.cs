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
