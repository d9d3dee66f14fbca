namespace IpExchange.Identity;

/// <summary>The exchange counts days in Beijing time (UTC+8, no daylight saving).</summary>
public static class ExchangeCalendar
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Beijing).DateTime);
}
