namespace IpExchange.Finance;

/// <summary>
/// The exchange's calendar is China's (UTC+8, no daylight saving): a notice or report dated today in
/// Chongqing is not "in the future" because UTC has not reached that day yet.
/// </summary>
public static class ExchangeCalendar
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(ChinaOffset).DateTime);
}
