namespace IpExchange.Testing;

/// <summary>
/// The system clock moved forward on demand: a test that needs a deadline behind it moves the
/// clock instead of sleeping. Timers and delays still run on real time (a poll every 250 ms stays a
/// poll every 250 ms), so the services' background loops keep working; only "now" jumps.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far "now" is ahead of the system clock; a test that moved it far (a licence's end) sets it back to zero afterwards.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
