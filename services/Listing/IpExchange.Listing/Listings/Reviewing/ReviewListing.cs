using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Listing.Listings.Expiring;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Listings.Reviewing;

public sealed record RejectRequest(IReadOnlyList<string>? Reasons);

/// <summary>审核: exchange staff approve a submitted listing (it goes public) or reject it with reasons.</summary>
public static class ReviewListing
{
    public static ListingApproved Approve(Listing listing, IReadOnlyList<Patent> patents, Caller caller, DateOnly today)
    {
        ListingAccess.RequireExchange(listing, caller);
        RequireSubmitted(listing);
        if (listing.Terms!.ListedUntil < today)
        {
            throw Rule.Broken("listing.period-over", "listedUntil", "The listing period is over; it cannot go public.");
        }

        // The patents may have lapsed or been pledged since submission.
        PatentEligibility.Check(listing, patents, today, checkExclusivity: false);
        return new ListingApproved(listing.Id!, caller.UserId);
    }

    public static ListingRejected Reject(Listing listing, RejectRequest request, Caller caller)
    {
        ListingAccess.RequireExchange(listing, caller);
        RequireSubmitted(listing);
        var reasons = (request.Reasons ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).ToList();
        var errors = new FieldErrors();
        errors.Check(reasons.Count > 0, "reasons", "Say why the listing is rejected, so the owner can correct it.");
        errors.Check(reasons.All(r => r.Length <= 1000), "reasons", "Each reason has at most 1000 characters.");
        errors.ThrowIfAny();
        return new ListingRejected(listing.Id!, caller.UserId, reasons);
    }

    private static void RequireSubmitted(Listing listing)
    {
        if (listing.Status != ListingStatus.Submitted)
        {
            throw Rule.Broken("listing.not-submitted", "status", $"Only submitted listings are reviewed; this one is {listing.Status}.");
        }
    }

    /// <summary>The integration event other services learn a public listing from.</summary>
    public static ListingPublished Published(Listing listing, IReadOnlyList<Patent> patents, DateTimeOffset now)
    {
        var t = listing.Terms!;
        return new ListingPublished(
            listing.Id!, listing.OwnerOrganisationId!, listing.OwnerOrganisationName!, listing.Region, t.Title, t.TitleEn, t.Summary,
            t.DealKind, t.PricingMethod, t.TradingMode, t.AskingPrice, t.ReservePrice, t.OpenLicenceFee, t.DirectedToOrganisationId,
            t.AllianceId, t.AllianceMemberIds, ExchangeCalendar.StartOf(t.ListedFrom), ExchangeCalendar.EndOf(t.ListedUntil),
            t.Appraisal?.Value,
            patents.Select(p => new ListedPatent(p.Id!, p.Id!, p.Registration!.Title, p.Registration.Type, p.Registration.IpcCodes,
                p.Registration.FilingDate, p.ExpiresOn, p.Registration.ClaimsCount, p.Pledge is not null)).ToList(),
            now);
    }

    public static void Map(RouteGroupBuilder listings)
    {
        listings.MapPost("/{id}/approve", async (string id, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            Listing? after = null;
            var version = await store.Execute<Listing>(http, Listing.StreamId(id), async (listing, session) =>
            {
                var patents = (await PatentStreams.Load(session, listing.State.Terms?.PatentIds ?? [], http.RequestAborted)).Select(p => p.State).ToList();
                var approved = Approve(listing.State, patents, caller, ExchangeCalendar.Today(time));
                after = Listing.Evolve(listing.State, approved);
                session.Publish(Published(after, patents, store.Now()), listing.StreamId);
                await ListingExpiry.Schedule(session, after, http.RequestAborted);
                return [approved];
            });
            return Results.Ok(ListingView.From(after!, version, caller));
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithSummary("Approve a submitted listing: it goes public (挂牌公示)");

        listings.MapPost("/{id}/reject", async (string id, RejectRequest request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            Listing? after = null;
            var version = await store.Execute<Listing>(http, Listing.StreamId(id), async (listing, session) =>
            {
                var rejected = Reject(listing.State, request, caller);
                await PatentStreams.AppendToEach(session, listing.State.Terms!.PatentIds, _ => new PatentReleased(listing.State.Id!), http.RequestAborted);
                after = Listing.Evolve(listing.State, rejected);
                session.Publish(new Contracts.Listings.ListingRejected(after.Id!, after.OwnerOrganisationId!, rejected.Reasons, store.Now()), listing.StreamId);
                return [rejected];
            });
            return Results.Ok(ListingView.From(after!, version, caller));
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithSummary("Reject a submitted listing with reasons (驳回)");
    }
}
