namespace IpExchange.Contract.Agreements.Cancelling;

public sealed record CancellationRequest(string? Reason);

/// <summary>
/// An agreement ends without completing when both parties ask (协议解除: each asks, the second
/// request cancels), when the exchange cancels it with a reason, when the signing deadline passes,
/// or when the listing could not take the deal. A cancelled agreement releases its listing.
/// </summary>
public static class CancelAgreement
{
    public static IReadOnlyList<object> Decide(Agreement agreement, CancellationRequest request, Caller caller, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (caller.IsExchange)
        {
            AgreementAccess.RequireExchange(agreement, caller, agreement.Id ?? "", "cancel agreements");
            var reason = errors.Text("reason", request.Reason, 1000);
            errors.ThrowIfAny();
            AgreementAccess.RequireNotEnded(agreement);
            return [new AgreementCancelled(CancelledBy.Exchange, $"交易中心撤销 (cancelled by the exchange): {reason}", now)];
        }

        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "ask to cancel it");
        var why = errors.Text("reason", request.Reason, 1000, required: false);
        errors.ThrowIfAny();
        AgreementAccess.RequireNotEnded(agreement);
        if (agreement.CancellationRequestedBy.Contains(caller.OrganisationId))
        {
            throw Rule.Broken("cancellation.already-requested", "reason", "Your organisation has already asked to cancel; the other party's request completes the cancellation.");
        }

        var requested = new CancellationRequested(caller.OrganisationId, caller.UserId, why, now);
        if (!agreement.CancellationRequestedBy.Contains(agreement.OtherParty(caller.OrganisationId)))
        {
            return [requested];
        }

        return [requested, new AgreementCancelled(CancelledBy.Parties, $"双方协议解除 (cancelled by both parties){(why is null ? "" : ": " + why)}", now)];
    }

    /// <summary>The listing refused the deal: an agreement still running is cancelled with the listing's reason.</summary>
    public static AgreementCancelled? OnListingRefused(Agreement agreement, string reason, DateTimeOffset now) =>
        agreement.Draft is null || agreement.Ended
            ? null
            : new AgreementCancelled(CancelledBy.Listing, $"挂牌项目无法承接本次成交 (the listing could not take the deal): {reason}", now);

    public static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/{id}/cancellation", (string id, CancellationRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            return store.Command(http, id, agreement => Decide(agreement, request ?? new CancellationRequest(null), caller, store.Now()));
        }).Produces<AgreementView>().WithSummary("Cancel: a party asks (the second party's request cancels), or exchange staff cancel with a reason");
}
