using IpExchange.EventStore;
using IpExchange.Listing.Patents;

namespace IpExchange.Listing.Listings.Expiring;

/// <summary>
/// A listing expires at the end of its period (midnight in China after its last day). A durable
/// timer fires it even if the service was down at that moment. A reserved listing does not expire
/// under its agreement; if the agreement fails after the period, it expires as it reopens.
/// </summary>
public sealed class ListingExpiry(TimeProvider time) : ITimerHandler
{
    public const string TimerKind = "listing-expiry";

    public string Kind => TimerKind;

    public static Task Schedule(EventSession session, Listing listing, CancellationToken cancellationToken) =>
        session.ScheduleTimer(TimerKind, listing.Id!, ExchangeCalendar.EndOf(listing.Terms!.ListedUntil), cancellationToken: cancellationToken);

    public static Task Cancel(EventSession session, Listing listing, CancellationToken cancellationToken) =>
        session.CancelTimer(TimerKind, listing.Id!, cancellationToken);

    /// <summary>The events that end a listing's period, or none when it is not open (or still in its period).</summary>
    public static IReadOnlyList<object> Decide(Listing listing, DateTimeOffset now) =>
        listing.Status is ListingStatus.Draft or ListingStatus.Submitted or ListingStatus.Rejected or ListingStatus.Public
        && now >= ExchangeCalendar.EndOf(listing.Terms!.ListedUntil)
            ? [new ListingPeriodEnded(listing.Id!)]
            : [];

    /// <summary>
    /// Appends the expiry and the patents' release when due, and drops the timer (from the timer
    /// itself it is gone already; from a reopening or the seeder it would only fire for nothing).
    /// </summary>
    public static async Task<Aggregate<Listing>> ExpireIfDue(EventSession session, Aggregate<Listing> listing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var events = Decide(listing.State, now);
        if (events.Count == 0)
        {
            return listing;
        }

        if (listing.State.HoldsPatents)
        {
            await PatentStreams.AppendToEach(session, listing.State.Terms!.PatentIds, _ => new PatentReleased(listing.State.Id!), cancellationToken);
        }

        await Cancel(session, listing.State, cancellationToken);
        return session.Append(listing, [.. events]);
    }

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var listing = await session.Load<Listing>(Listing.StreamId(timer.Key), cancellationToken);
        await ExpireIfDue(session, listing, time.GetUtcNow(), cancellationToken);
    }
}
