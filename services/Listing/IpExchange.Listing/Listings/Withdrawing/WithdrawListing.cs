using IpExchange.EventStore;
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
            throw Rule.Broken("listing.ended", "status", $"The listing is already {listing.Status}.", ("status", listing.Status.ToString()));
        }

        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 1000, required: false);
        errors.ThrowIfAny();
        return new ListingWithdrawnByOwner(listing.Id!, reason);
    }

    /// <summary>Withdraws, frees the patents a submission offered, and drops the expiry timer.</summary>
    public static async Task<IReadOnlyList<object>> Handle(Aggregate<Listing> listing, EventSession session, WithdrawRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var withdrawn = Decide(listing.State, request, caller);
        if (listing.State.HoldsPatents)
        {
            await PatentStreams.AppendToEach(session, listing.State.Terms!.PatentIds, _ => new PatentReleased(listing.State.Id!), cancellationToken);
        }

        await ListingExpiry.Cancel(session, listing.State, cancellationToken);
        return [withdrawn];
    }

    public static void Map(RouteGroupBuilder listings) =>
        listings.MapPost("/{id}/withdraw", async (string id, WithdrawRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            var listing = await store.Execute<Listing>(http, Listing.StreamId(id),
                (current, session) => Handle(current, session, request ?? new WithdrawRequest(null), caller, http.RequestAborted));
            return Results.Ok(ListingView.From(listing.State, listing.Version, caller));
        }).Produces<ListingView>().WithSummary("Withdraw the listing (not while reserved)");
}
