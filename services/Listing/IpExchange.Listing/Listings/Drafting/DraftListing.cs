using IpExchange.Contracts;
using IpExchange.EventStore;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Listings.Drafting;

/// <summary>The owner drafts a listing of its patents, and edits it while it is a draft or was rejected.</summary>
public static class DraftListing
{
    public static ListingDrafted Draft(string listingId, ListingTermsRequest request, Caller caller, IReadOnlyList<Patent> patents, DateOnly today)
    {
        if (!caller.IsUniversity)
        {
            throw new ForbiddenException("Only universities and institutes list patents.");
        }

        var terms = request.Validate(caller.OrganisationId, today);
        RequireOwnPatents(terms, patents, caller);
        return new ListingDrafted(listingId, caller.OrganisationId, caller.OrganisationName, caller.Region, terms);
    }

    /// <summary>
    /// 质物处置: the pledgee (the bank of a defaulted Finance loan) lists the patents pledged to it under
    /// the loan, for assignment by auction in the marketplace. The listing is the pledgee's and it is
    /// the seller; its own listing is the consent the pledge rule asks for, recorded on each patent.
    /// </summary>
    public static (ListingDrafted Drafted, PledgeeConsentRecorded Consent) DraftDisposal(
        string listingId, string loanId, ListingTermsRequest request, Caller caller, IReadOnlyList<Patent> patents, DateOnly today)
    {
        if (caller.OrganisationKind != nameof(Contracts.Members.OrganisationKind.Bank))
        {
            throw new ForbiddenException("Only the pledgee bank lists pledged patents for disposal.");
        }

        var terms = request.Validate(caller.OrganisationId, today);
        var errors = new FieldErrors();
        errors.Check(terms.DealKind == DealKind.Assignment, "dealKind", "listing.disposal-assignment-only",
            "A pledge is disposed of by assigning the patents (转让).", ("allowed", new[] { nameof(DealKind.Assignment) }));
        errors.Check(terms.PricingMethod is PricingMethod.Auction or PricingMethod.OnlineBidding, "pricingMethod", "listing.disposal-by-auction",
            "A pledge disposed of in the marketplace is auctioned (拍卖竞价 or 网络竞价).", ("allowed", new[] { nameof(PricingMethod.Auction), nameof(PricingMethod.OnlineBidding) }));
        errors.ThrowIfAny();
        var drafted = new ListingDrafted(listingId, caller.OrganisationId, caller.OrganisationName, caller.Region, terms, loanId);
        RequireOwnPatents(terms, patents, caller, Listing.Evolve(Listing.Initial, drafted));
        return (drafted, new PledgeeConsentRecorded($"质权人 {caller.OrganisationName} 挂牌处置质物（贷款 {loanId}）"));
    }

    public static ListingEdited Edit(Listing listing, ListingTermsRequest request, Caller caller, IReadOnlyList<Patent> patents, DateOnly today)
    {
        ListingAccess.RequireOwner(listing, caller);
        if (listing.Status is not (ListingStatus.Draft or ListingStatus.Rejected))
        {
            throw Rule.Broken("listing.not-editable", "status", $"A {listing.Status} listing cannot be edited; only drafts and rejected listings can.", ("status", listing.Status.ToString()));
        }

        var terms = request.Validate(caller.OrganisationId, today);
        RequireOwnPatents(terms, patents, caller, listing);
        return new ListingEdited(terms);
    }

    /// <summary>
    /// A portfolio is of one owner: every patent must be registered by the caller's organisation, or,
    /// in a disposal listing, pledged to it under the listing's loan.
    /// </summary>
    private static void RequireOwnPatents(ListingTerms terms, IReadOnlyList<Patent> patents, Caller caller, Listing? listing = null)
    {
        var errors = new FieldErrors();
        for (var i = 0; i < terms.PatentIds.Count; i++)
        {
            var patent = patents.FirstOrDefault(p => p.Id == terms.PatentIds[i]);
            errors.Check(patent is not null && (patent.OwnerOrganisationId == caller.OrganisationId || (listing?.DisposesPledgeOf(patent) ?? false)), $"patentIds[{i}]",
                "listing.patent-not-owned",
                listing?.PledgeLoanId is { } loan
                    ? $"Patent {terms.PatentIds[i]} is not pledged to your organisation under loan {loan}, in default."
                    : $"Patent {terms.PatentIds[i]} is not registered by your organisation.", ("patentId", terms.PatentIds[i]));
        }

        errors.ThrowIfAny();
    }

    internal static async Task<IReadOnlyList<Patent>> LoadPatents(EventSession session, IEnumerable<string>? ids, CancellationToken cancellationToken)
    {
        var patents = new List<Patent>();
        foreach (var id in (ids ?? []).Select(i => PatentNumber.TryNormalize(i, out var n, out _) ? n : null).OfType<string>().Distinct())
        {
            var patent = await session.Load<Patent>(Patent.StreamId(id), cancellationToken);
            if (patent.State.Exists)
            {
                patents.Add(patent.State);
            }
        }

        return patents;
    }

    public static void Map(RouteGroupBuilder listings)
    {
        listings.MapPost("/", async (ListingTermsRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var id = NewListingId(time);
            var listing = await store.Execute<Listing>(http, Listing.StreamId(id), async (_, session) =>
                [Draft(id, request, caller, await LoadPatents(session, request.PatentIds, http.RequestAborted), ExchangeCalendar.Today(time))]);
            return Results.Created($"/api/listings/{id}", ListingView.From(listing.State, listing.Version, caller));
        })
        .RequireAuthorization(IdentitySetup.UniversityPolicy)
        .Produces<ListingView>(StatusCodes.Status201Created)
        .WithSummary("Draft a listing of one patent or a portfolio (挂牌草稿)");

        listings.MapPost("/pledge-disposals/{loanId}", async (string loanId, ListingTermsRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var id = NewListingId(time);
            var listing = await store.Execute<Listing>(http, Listing.StreamId(id), async (_, session) =>
            {
                var (drafted, consent) = DraftDisposal(id, loanId, request, caller, await LoadPatents(session, request.PatentIds, http.RequestAborted), ExchangeCalendar.Today(time));
                await PatentStreams.AppendToEach(session, drafted.Terms.PatentIds, p => p.Pledge is { ConsentDocument: null } ? consent : null, http.RequestAborted);
                return [drafted];
            });
            return Results.Created($"/api/listings/{id}", ListingView.From(listing.State, listing.Version, caller));
        })
        .Produces<ListingView>(StatusCodes.Status201Created)
        .WithSummary("The pledgee bank drafts a listing of the patents pledged to it under a defaulted loan, for auction (质物处置挂牌)");

        listings.MapPut("/{id}", async (string id, ListingTermsRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var listing = await store.Execute<Listing>(http, Listing.StreamId(id), async (current, session) =>
                [Edit(current.State, request, caller, await LoadPatents(session, request.PatentIds, http.RequestAborted), ExchangeCalendar.Today(time))]);
            return Results.Ok(ListingView.From(listing.State, listing.Version, caller));
        })
        .Produces<ListingView>()
        .WithSummary("Edit a draft or rejected listing (send If-Match with the ETag you read)");
    }

    /// <summary>Readable, sortable and unique: GP (挂牌) + UTC date + random suffix.</summary>
    public static string NewListingId(TimeProvider time) =>
        BusinessIds.New("GP", time.GetUtcNow());
}
