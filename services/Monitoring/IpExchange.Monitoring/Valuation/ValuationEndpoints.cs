using IpExchange.Contracts;
using IpExchange.Monitoring.Pipeline;
using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Monitoring.Valuation;

/// <summary>The features of a draft listing, sent directly.</summary>
public sealed record ValuationRequest(string? IpcCode, string? DealKind, string? PatentType, decimal? RemainingTermYears, int? ClaimsCount);

public sealed record ValuationView(string? ListingId, ValuationFeatures Features, Estimate Estimate);

/// <summary>
/// 大数据系统估价 as guidance: for a listing (its owner or the exchange) or for features sent
/// directly (any signed-in user, for a draft). The price alert uses the same estimate.
/// </summary>
public static class ValuationEndpoints
{
    public static void Map(RouteGroupBuilder valuations)
    {
        valuations.MapGet("/listings/{listingId}", async (string listingId, HttpContext http, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var caller = http.Caller();
            await using var session = store.Marten.QuerySession();
            var listing = await session.LoadAsync<ListingView>(Facts.Facts.ListingStream(listingId), cancellationToken);
            // Someone else's listing is "not found": whether it exists is not theirs to learn.
            if (listing is not { Published: true } || (!caller.IsExchange && listing.OwnerOrganisationId != caller.OrganisationId))
            {
                throw new NotFoundException("listing", listingId);
            }

            var features = new ValuationFeatures(listing.IpcCode ?? "", Enum.Parse<DealKind>(listing.DealKind!), Enum.Parse<PatentType>(listing.PatentType!),
                Valuation.RemainingYears(listing.ExpiresOn ?? DateOnly.MaxValue, store.Now()), listing.ClaimsCount);
            var comparables = await Comparables.InClass(store, features, cancellationToken);
            return Results.Ok(new ValuationView(listingId, features, Valuation.Of(features, comparables)));
        }).WithSummary("Estimated price range of a listing from comparable completed deals");

        valuations.MapPost("/", async (ValuationRequest? request, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var features = Validate(request ?? new ValuationRequest(null, null, null, null, null));
            var comparables = await Comparables.InClass(store, features, cancellationToken);
            return Results.Ok(new ValuationView(null, features, Valuation.Of(features, comparables)));
        }).WithSummary("Estimated price range for features given directly (a draft listing)");
    }

    public static ValuationFeatures Validate(ValuationRequest request)
    {
        var errors = new FieldErrors();
        var ipc = errors.Text("ipcCode", request.IpcCode, 32);
        errors.Check(ipc is null || IpcCode.Parse(ipc) is { Subclass.Length: 4 }, "ipcCode", "An IPC symbol down to the subclass, e.g. \"H02M 7/48\".");
        errors.Check(Enum.TryParse<DealKind>(request.DealKind, ignoreCase: false, out var kind) && Enum.IsDefined(kind), "dealKind",
            $"One of: {string.Join(", ", Enum.GetNames<DealKind>())}.");
        errors.Check(Enum.TryParse<PatentType>(request.PatentType, ignoreCase: false, out var type) && Enum.IsDefined(type), "patentType",
            $"One of: {string.Join(", ", Enum.GetNames<PatentType>())}.");
        errors.Check(request.RemainingTermYears is >= 0 and <= 20, "remainingTermYears", "Between 0 and 20 years.");
        errors.Check(request.ClaimsCount is >= 1 and <= 1000, "claimsCount", "Between 1 and 1000.");
        errors.ThrowIfAny();
        return new ValuationFeatures(ipc!, kind, type, request.RemainingTermYears!.Value, request.ClaimsCount!.Value);
    }
}
