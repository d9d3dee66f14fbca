namespace IpExchange.Listing;

/// <summary>
/// Instants are kept in UTC; the days a user names (listing periods, filing dates) are days in
/// China Standard Time, where the exchange works. A period "until 2026-12-31" ends at midnight
/// Beijing time.
/// </summary>
public static class ExchangeCalendar
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(ChinaOffset).DateTime);

    /// <summary>The first instant after the day <paramref name="lastDay"/> in China.</summary>
    public static DateTimeOffset EndOf(DateOnly lastDay) =>
        new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaOffset).ToUniversalTime();

    public static DateTimeOffset StartOf(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaOffset).ToUniversalTime();
}
