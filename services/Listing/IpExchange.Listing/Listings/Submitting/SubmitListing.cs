using IpExchange.Listing.Listings.Drafting;
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
            throw Rule.Broken("listing.not-submittable", "status", $"A {listing.Status} listing cannot be submitted.");
        }

        if (listing.Terms!.ListedUntil < today)
        {
            throw Rule.Broken("listing.period-over", "listedUntil", "The listing period is over; edit the period first.");
        }

        PatentEligibility.Check(listing, patents, today, checkExclusivity: true);
        return (new ListingSubmitted(listing.Id!), patents.Select(p => (p, new PatentOffered(listing.Id!, listing.Terms.DealKind))).ToList());
    }

    public static void Map(RouteGroupBuilder listings) =>
        listings.MapPost("/{id}/submit", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            Listing? after = null;
            var version = await store.Execute<Listing>(http, Listing.StreamId(id), async (listing, session) =>
            {
                ListingAccess.RequireOwner(listing.State, caller);
                var patents = await PatentStreams.Load(session, listing.State.Terms!.PatentIds, http.RequestAborted);
                var (submitted, offers) = Decide(listing.State, patents.Select(p => p.State).ToList(), caller, ExchangeCalendar.Today(time));
                // The patent streams serialise competing listings of one patent: two submissions that
                // race on it cannot both commit.
                foreach (var (patent, offered) in offers)
                {
                    session.Append(patents.Single(p => p.State.Id == patent.Id), offered);
                }

                after = Listing.Evolve(listing.State, submitted);
                var terms = after.Terms!;
                session.Publish(new Contracts.Listings.ListingSubmitted(after.Id!, after.OwnerOrganisationId!, after.OwnerOrganisationName!, after.Region,
                    terms.Title, terms.DealKind, terms.AskingPrice, patents.SelectMany(p => p.State.Registration!.IpcCodes).Distinct().ToList(), store.Now()),
                    listing.StreamId);
                return [submitted];
            });
            return Results.Ok(ListingView.From(after!, version, caller));
        }).WithSummary("Submit the listing for review by the exchange");
}
