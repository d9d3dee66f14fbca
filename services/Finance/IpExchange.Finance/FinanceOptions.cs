namespace IpExchange.Finance;

/// <summary>The <c>Finance</c> section: caps and rates that differ from city to city, so none is in code.</summary>
public sealed class FinanceOptions
{
    public const string Section = "Finance";

    /// <summary>The largest loan an application may ask for (yuan).</summary>
    public decimal MaxLoanAmount { get; set; } = 50_000_000m;

    public int MaxTermMonths { get; set; } = 60;

    /// <summary>质押率: the loan may be at most this fraction of the appraised value of the pledged patents.</summary>
    public decimal MaxLoanToValue { get; set; } = 0.6m;

    /// <summary>The highest guarantee fee a guarantor may charge on this platform (a fraction: 0.015 is 1.5 %).</summary>
    public decimal GuaranteeFeeCap { get; set; } = 0.015m;

    /// <summary>贴息: the annual rate subsidised on eligible loans, paid per period on the period's opening balance (0 for none).</summary>
    public decimal InterestSubsidyRate { get; set; } = 0.01m;

    /// <summary>
    /// What disposing of a pledge by auction in the marketplace costs, as a fraction of the hammer price
    /// (the exchange's and auction's fees, the assignment's registration): paid from the proceeds first.
    /// </summary>
    public decimal AuctionCostRate { get; set; } = 0.03m;

    public RiskSharingOptions RiskSharing { get; set; } = new();
}

/// <summary>
/// 风险补偿 (Chongqing: 4:2:2:2): how a default's loss is shared when the loan is eligible. The
/// ratios are weights (4, 2, 2, 2 are 40 %, 20 %, 20 %, 20 %).
/// </summary>
public sealed class RiskSharingOptions
{
    public decimal Guarantor { get; set; } = 4;

    public decimal ReGuarantor { get; set; } = 2;

    public decimal NationalFund { get; set; } = 2;

    public decimal Bank { get; set; } = 2;

    /// <summary>Eligible only while the borrower's loans in total (this one included) are at most this much.</summary>
    public decimal BorrowerTotalCap { get; set; } = 10_000_000m;

    /// <summary>Eligible only with a guarantee fee at most this rate.</summary>
    public decimal GuaranteeFeeCap { get; set; } = 0.015m;

    public string ReGuarantorName { get; set; } = "再担保机构";

    public string NationalFundName { get; set; } = "国家融资担保基金";
}
