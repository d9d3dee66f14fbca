namespace IpExchange.Finance;

/// <summary>
/// The service's clock set <see cref="Offset"/> away from the real one (<c>Finance:ClockOffset</c>), so
/// that a rehearsal of the whole system (a demo, the system tests' processes) can take a loan through
/// months in minutes: granted while the clock is set back, then the service restarted on the real
/// clock finds its instalments overdue by its durable timers, as it would after the months passed.
/// Only what the loans decide reads it (dates, timers); tokens are still judged on the real clock.
/// </summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public const string Setting = FinanceOptions.Section + ":ClockOffset";

    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>The real clock unless the setting moves it (a production deployment never sets it).</summary>
    public static TimeProvider From(IConfiguration configuration) =>
        configuration.GetValue<TimeSpan?>(Setting) is { } offset && offset != TimeSpan.Zero ? new ShiftedClock(offset) : System;
}
