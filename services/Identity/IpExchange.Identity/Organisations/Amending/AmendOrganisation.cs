using System.ComponentModel.DataAnnotations;
using IpExchange.EventStore;

namespace IpExchange.Identity.Organisations.Amending;

/// <summary>What changes: fields left out stay as they are.</summary>
public sealed record AmendmentRequest(string? LegalName, string? Region, string? Group, [Required] string? Reason);

public sealed record ContactRequest([Required] string? Name, [Required] string? Phone, [Required] string? Email);

/// <summary>
/// Exchange staff amend a member's registered details, saying why (a change of name 更名 on a new
/// licence, a move, a new corporate group); every service learns the new details. The organisation's
/// administrator keeps its contact up to date. The 统一社会信用代码 and the kind never change: a different
/// code is a different organisation, which applies anew.
/// </summary>
public static class AmendOrganisation
{
    public static RegisteredDetailsAmended Amend(Organisation organisation, string organisationId, AmendmentRequest request, Caller caller)
    {
        OrganisationAccess.RequireExists(organisation, organisationId);
        var errors = new FieldErrors();
        var details = organisation.Details!;
        var legalName = request.LegalName is null ? details.LegalName : errors.Text("legalName", request.LegalName, 100);
        var region = request.Region is null ? details.Region : errors.Text("region", request.Region, 20);
        // An empty group takes the organisation out of its group.
        var group = request.Group is null ? details.Group : errors.Text("group", request.Group, 100, required: false);
        var reason = errors.Text("reason", request.Reason, 500);
        errors.ThrowIfAny();
        if (organisation.Status is not (OrganisationStatus.Verified or OrganisationStatus.Suspended))
        {
            throw Rule.Broken("organisation.not-a-member", "status", $"Only a member's registered details are amended; this organisation is {organisation.Status}.");
        }

        if (legalName == details.LegalName && region == details.Region && group == details.Group)
        {
            throw Rule.Broken("organisation.nothing-amended", "legalName", "The amendment changes nothing.");
        }

        return new RegisteredDetailsAmended(organisationId, caller.UserId, legalName!, region!, group, reason!);
    }

    public static ContactChanged ChangeContact(Organisation organisation, string organisationId, ContactRequest request, Caller caller)
    {
        OrganisationAccess.RequireExists(organisation, organisationId);
        if (!caller.IsExchange && !(caller.OrganisationId == organisationId && caller.IsAdministrator))
        {
            throw new ForbiddenException("Only the organisation's administrator or the exchange changes its contact.");
        }

        var errors = new FieldErrors();
        var contact = Applying.ApplyForMembership.ReadContact(new Applying.ContactRequest(request.Name, request.Phone, request.Email), errors, "");
        errors.ThrowIfAny();
        return new ContactChanged(organisationId, caller.UserId, contact!);
    }

    public static void Map(RouteGroupBuilder organisations)
    {
        organisations.MapPost("/{id}/amend", async (string id, AmendmentRequest request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            await store.Execute<Organisation>(http, Organisation.StreamId(id), current => [Amend(current.State, id, request, caller)]);
            return await OrganisationAccess.Answer(store, http, id);
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithSummary("Amend a member's registered legal name, region or group, with a reason");

        organisations.MapPut("/{id}/contact", async (string id, ContactRequest request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            OrganisationAccess.RequireVisible(id, caller);
            await store.Execute<Organisation>(http, Organisation.StreamId(id), current => [ChangeContact(current.State, id, request, caller)]);
            return await OrganisationAccess.Answer(store, http, id);
        })
        .WithSummary("Change the organisation's contact (its administrator)");
    }
}
