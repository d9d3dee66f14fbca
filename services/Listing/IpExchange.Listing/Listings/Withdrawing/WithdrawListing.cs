using IpExchange.Contracts.Listings;
using IpExchange.Listing.Listings.Expiring;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Listings.Withdrawing;

public sealed record WithdrawRequest(string? Reason);

/// <summary>The owner withdraws its listing (撤回); not while it is reserved under an agreement.</summary>
public static class WithdrawListing
{
    public static ListingWithdrawnByOwner Decide(Listing listing, WithdrawRequest request, Caller caller)
    {
        ListingAccess.RequireOwner(listing, caller);
        if (listing.Status == ListingStatus.Reserved)
        {
            throw Rule.Broken("listing.reserved", "status", "The listing is held for an agreement in progress and cannot be withdrawn.");
        }

        if (listing.Status is not (ListingStatus.Draft or ListingStatus.Submitted or ListingStatus.Rejected or ListingStatus.Public))
        {
            throw Rule.Broken("listing.ended", "status", $"The listing is already {listing.Status}.");
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 1000, required: false);
        errors.ThrowIfAny();
        return new ListingWithdrawnByOwner(listing.Id!, reason);
    }

    public static void Map(RouteGroupBuilder listings) =>
        listings.MapPost("/{id}/withdraw", async (string id, WithdrawRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            Listing? after = null;
            var version = await store.Execute<Listing>(http, Listing.StreamId(id), async (listing, session) =>
            {
                var withdrawn = Decide(listing.State, request ?? new WithdrawRequest(null), caller);
                if (listing.State.HoldsPatents)
                {
                    await PatentStreams.AppendToEach(session, listing.State.Terms!.PatentIds, _ => new PatentReleased(listing.State.Id!), http.RequestAborted);
                }

                if (listing.State.Status == ListingStatus.Public)
                {
                    session.Publish(new ListingWithdrawn(listing.State.Id!, listing.State.OwnerOrganisationId!, withdrawn.Reason, store.Now()), listing.StreamId);
                }

                await ListingExpiry.Cancel(session, listing.State, http.RequestAborted);
                after = Listing.Evolve(listing.State, withdrawn);
                return [withdrawn];
            });
            return Results.Ok(ListingView.From(after!, version, caller));
        }).WithSummary("Withdraw the listing (not while reserved)");
}
