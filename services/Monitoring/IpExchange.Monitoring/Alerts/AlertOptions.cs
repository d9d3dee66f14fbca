namespace IpExchange.Monitoring.Alerts;

/// <summary>The alert thresholds, section <c>Monitoring:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Monitoring:Alerts";

    /// <summary>A price further than this fraction from the asking price (or the valuation) is "far": 0.30 = 30 %.</summary>
    public decimal PriceDeviation { get; set; } = 0.30m;

    /// <summary>The valuation is compared with the price only when it rests on at least this many comparables.</summary>
    public int MinComparablesForPriceCheck { get; set; } = 3;

    /// <summary>This many accepted bids in one auction within <see cref="BurstWindow"/> is a burst.</summary>
    public int BurstBids { get; set; } = 5;

    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A patent that expires within this many days of the deal, in an assignment or equity contribution.</summary>
    public int ExpiryWithinDays { get; set; } = 365;

    /// <summary>A pledged patent (of a loan not repaid or disposed of) this many days before its expiry raises an alert.</summary>
    public int PledgedPatentExpiryDays { get; set; } = 180;
}
