using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts;
using IpExchange.Monitoring.Pipeline;
using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Monitoring.Valuation;

/// <summary>The features of a draft listing, sent directly.</summary>
public sealed record ValuationRequest([Required] string? IpcCode, [Required] DealKind? DealKind, [Required] PatentType? PatentType,
    [Required] decimal? RemainingTermYears, [Required] int? ClaimsCount);

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
        }).Produces<ValuationView>().WithSummary("Estimated price range of a listing from comparable completed deals");

        valuations.MapPost("/", async (ValuationRequest? request, EventStore.EventStore store, CancellationToken cancellationToken) =>
        {
            var features = Validate(request ?? new ValuationRequest(null, null, null, null, null));
            var comparables = await Comparables.InClass(store, features, cancellationToken);
            return Results.Ok(new ValuationView(null, features, Valuation.Of(features, comparables)));
        }).Produces<ValuationView>().WithSummary("Estimated price range for features given directly (a draft listing)");
    }

    public static ValuationFeatures Validate(ValuationRequest request)
    {
        var errors = new FieldErrors();
        var ipc = errors.Text("ipcCode", request.IpcCode, 32, multiLine: false);
        errors.Check(errors.Has("ipcCode") || ipc is null || IpcCode.Parse(ipc) is { Subclass.Length: 4 }, "ipcCode", "ipc.invalid", "An IPC symbol down to the subclass, e.g. \"H02M 7/48\".");
        errors.Check(request.DealKind is not null, "dealKind", FieldCodes.Required, "The deal kind is required.", ("allowed", Enum.GetNames<DealKind>()));
        errors.Check(request.PatentType is not null, "patentType", FieldCodes.Required, "The patent type is required.", ("allowed", Enum.GetNames<PatentType>()));
        errors.Range("remainingTermYears", request.RemainingTermYears, 0, 20);
        errors.Range("claimsCount", request.ClaimsCount, 1, 1000);
        errors.ThrowIfAny();
        return new ValuationFeatures(ipc!, request.DealKind!.Value, request.PatentType!.Value, request.RemainingTermYears!.Value, request.ClaimsCount!.Value);
    }
}
