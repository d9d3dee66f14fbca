using System.ComponentModel.DataAnnotations;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Patents.ChangingLegalStatus;

public sealed record ChangeLegalStatusRequest([Required] LegalStatus? Status, string? Note);

/// <summary>The owner or the exchange records a change of legal status (granted, lapsed, invalidated).</summary>
public static class ChangeLegalStatus
{
    public static PatentLegalStatusChanged Decide(Patent patent, ChangeLegalStatusRequest request, Caller caller)
    {
        if (!caller.IsExchange)
        {
            PatentAccess.RequireOwner(patent, caller);
        }
        else if (!patent.Exists)
        {
            throw new NotFoundException("patent", "");
        }

        var errors = new FieldErrors();
        errors.Check(request.Status is not null, "status", FieldCodes.Required, "The new status is required: Pending, Valid, Lapsed or Invalidated.", ("allowed", Enum.GetNames<LegalStatus>()));
        var note = errors.Text("note", request.Note, 1000, required: false);
        errors.ThrowIfAny();
        if (request.Status == LegalStatus.Valid && patent.Registration!.GrantDate is null)
        {
            throw Rule.Broken("patent.not-granted", "status", "A patent without a grant date cannot be valid.");
        }

        return request.Status == patent.LegalStatus
            ? throw Rule.Broken("patent.status-unchanged", "status", $"The patent is already {patent.LegalStatus}.", ("status", patent.LegalStatus.ToString()))
            : new PatentLegalStatusChanged(request.Status!.Value, note);
    }

    public static void Map(RouteGroupBuilder patents) =>
        patents.MapPut("/{id}/legal-status", (string id, ChangeLegalStatusRequest request, HttpContext http, EventStore.EventStore store) =>
            PatentAccess.Command(http, store, id, p => Decide(p, request, http.Caller())))
            .Produces<PatentView>().WithSummary("Record a change of the patent's legal status (法律状态)");
}
