using System.ComponentModel.DataAnnotations;
using IpExchange.EventStore;
using IpExchange.Listing.Listings.Expiring;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace IpExchange.Listing.Listings.Reviewing;

public sealed record RejectRequest([Required] IReadOnlyList<string>? Reasons);

/// <summary>审核: exchange staff approve a submitted listing (it goes public) or reject it with reasons.</summary>
public static class ReviewListing
{
    public const int MaxReasons = 20;

    public static ListingApproved Approve(Listing listing, IReadOnlyList<Patent> patents, Caller caller, DateOnly today, ProjectContact? contact = null)
    {
        ListingAccess.RequireExchange(listing, caller);
        RequireSubmitted(listing);
        if (listing.Terms!.ListedUntil < today)
        {
            throw Rule.Broken("listing.period-over", "listedUntil", "The listing period is over; it cannot go public.", ("listedUntil", listing.Terms.ListedUntil));
        }

        // The patents may have lapsed or been pledged since submission.
        PatentEligibility.Check(listing, patents, today, checkExclusivity: false);
        return new ListingApproved(listing.Id!, caller.UserId, listing.Terms.PatentIds
            .Select(id => patents.First(p => p.Id == id))
            .Select(p => new ApprovedPatent(p.Id!, p.Registration!.Title, p.Registration.Type, p.Registration.IpcCodes,
                p.Registration.FilingDate, p.ExpiresOn, p.Registration.ClaimsCount, p.Pledge is not null,
                p.Registration.TitleEn, p.Registration.Abstract, p.Registration.AbstractEn, p.Registration.LocarnoClass))
            .ToList(),
            contact);
    }

    public static ListingRejected Reject(Listing listing, RejectRequest request, Caller caller)
    {
        ListingAccess.RequireExchange(listing, caller);
        RequireSubmitted(listing);
        var errors = new FieldErrors();
        var given = request.Reasons ?? [];
        errors.Check(given.Count <= MaxReasons, "reasons", FieldCodes.TooMany, $"At most {MaxReasons} reasons.", ("max", MaxReasons));
        var reasons = new List<string>();
        for (var i = 0; i < Math.Min(given.Count, MaxReasons); i++)
        {
            if (errors.Text($"reasons[{i}]", given[i], 1000, required: false) is { } reason)
            {
                reasons.Add(reason);
            }
        }

        errors.Check(reasons.Count > 0 || given.Count > MaxReasons, "reasons", FieldCodes.TooFew, "Say why the listing is rejected, so the owner can correct it.", ("min", 1));
        errors.ThrowIfAny();
        return new ListingRejected(listing.Id!, caller.UserId, reasons);
    }

    private static void RequireSubmitted(Listing listing)
    {
        if (listing.Status != ListingStatus.Submitted)
        {
            throw Rule.Broken("listing.not-submitted", "status", $"Only submitted listings are reviewed; this one is {listing.Status}.", ("status", listing.Status.ToString()));
        }
    }

    /// <summary>
    /// Approves on the patents as they are now, with the reviewing officer as the listing's project contact,
    /// and sets the timer that ends the listing's period.
    /// </summary>
    public static async Task<IReadOnlyList<object>> HandleApproval(Aggregate<Listing> listing, EventSession session, Caller caller, DateOnly today, ProjectContactOptions contacts,
        CancellationToken cancellationToken)
    {
        var patents = (await PatentStreams.Load(session, listing.State.Terms?.PatentIds ?? [], cancellationToken)).Select(p => p.State).ToList();
        var approved = Approve(listing.State, patents, caller, today, contacts.For(caller.UserId, caller.Name));
        await ListingExpiry.Schedule(session, listing.State, cancellationToken);
        return [approved];
    }

    /// <summary>Rejects, and frees the patents the submission offered.</summary>
    public static async Task<IReadOnlyList<object>> HandleRejection(Aggregate<Listing> listing, EventSession session, RejectRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var rejected = Reject(listing.State, request, caller);
        await PatentStreams.AppendToEach(session, listing.State.Terms!.PatentIds, _ => new PatentReleased(listing.State.Id!), cancellationToken);
        return [rejected];
    }

    public static void Map(RouteGroupBuilder listings)
    {
        listings.MapPost("/{id}/approve", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time, IOptions<ProjectContactOptions> contacts) =>
        {
            var caller = http.Caller();
            var listing = await store.Execute<Listing>(http, Listing.StreamId(id),
                (current, session) => HandleApproval(current, session, caller, ExchangeCalendar.Today(time), contacts.Value, http.RequestAborted));
            return Results.Ok(ListingView.From(listing.State, listing.Version, caller));
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .Produces<ListingView>()
        .WithSummary("Approve a submitted listing: it goes public (挂牌公示)");

        listings.MapPost("/{id}/reject", async (string id, RejectRequest request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            var listing = await store.Execute<Listing>(http, Listing.StreamId(id),
                (current, session) => HandleRejection(current, session, request, caller, http.RequestAborted));
            return Results.Ok(ListingView.From(listing.State, listing.Version, caller));
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .Produces<ListingView>()
        .WithSummary("Reject a submitted listing with reasons (驳回)");
    }
}
