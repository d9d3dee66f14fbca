using IpExchange.EventStore;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Listings.Submitting;

/// <summary>The owner submits a draft (or a corrected rejected listing) for the exchange's review (提交审核).</summary>
public static class SubmitListing
{
    /// <summary>The listing's event, and one for each patent: from now on the patents count as offered.</summary>
    public static (ListingSubmitted Submitted, IReadOnlyList<(Patent Patent, PatentOffered Offered)> Offers) Decide(
        Listing listing, IReadOnlyList<Patent> patents, Caller caller, DateOnly today)
    {
        ListingAccess.RequireOwner(listing, caller);
        if (listing.Status is not (ListingStatus.Draft or ListingStatus.Rejected))
        {
            throw Rule.Broken("listing.not-submittable", "status", $"A {listing.Status} listing cannot be submitted.", ("status", listing.Status.ToString()));
        }

        if (listing.Terms!.ListedUntil < today)
        {
            throw Rule.Broken("listing.period-over", "listedUntil", "The listing period is over; edit the period first.", ("listedUntil", listing.Terms.ListedUntil));
        }

        PatentEligibility.Check(listing, patents, today, checkExclusivity: true);
        var ipcCodes = patents.SelectMany(p => p.Registration!.IpcCodes).Distinct().ToList();
        return (new ListingSubmitted(listing.Id!, ipcCodes), patents.Select(p => (p, new PatentOffered(listing.Id!, listing.Terms.DealKind))).ToList());
    }

    /// <summary>
    /// Decides on the listing's patents as they are in this unit of work and appends the offers to
    /// their streams: two submissions racing for one patent cannot both commit.
    /// </summary>
    public static async Task<IReadOnlyList<object>> Handle(Aggregate<Listing> listing, EventSession session, Caller caller, DateOnly today, CancellationToken cancellationToken)
    {
        ListingAccess.RequireOwner(listing.State, caller);
        var patents = await PatentStreams.Load(session, listing.State.Terms!.PatentIds, cancellationToken);
        var (submitted, offers) = Decide(listing.State, patents.Select(p => p.State).ToList(), caller, today);
        foreach (var (patent, offered) in offers)
        {
            session.Append(patents.Single(p => p.State.Id == patent.Id), offered);
        }

        return [submitted];
    }

    public static void Map(RouteGroupBuilder listings) =>
        listings.MapPost("/{id}/submit", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var listing = await store.Execute<Listing>(http, Listing.StreamId(id),
                (current, session) => Handle(current, session, caller, ExchangeCalendar.Today(time), http.RequestAborted));
            return Results.Ok(ListingView.From(listing.State, listing.Version, caller));
        }).Produces<ListingView>().WithSummary("Submit the listing for review by the exchange");
}
