using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts.Members;
using IpExchange.EventStore;

namespace IpExchange.Identity.Organisations.Suspending;

public sealed record SuspensionRequest([Required] string? Reason);

public sealed record ReinstatementRequest(string? Note);

/// <summary>
/// The exchange suspends a member (its users cannot sign in or refresh their tokens, and the services
/// refuse its bids, offers and signatures once they hear of it) and later reinstates it. The exchange's
/// own organisation is never suspended: nobody would be left to reinstate it.
/// </summary>
public static class SuspendMembership
{
    public static MembershipSuspended Suspend(Organisation organisation, string organisationId, SuspensionRequest request, Caller caller)
    {
        OrganisationAccess.RequireExists(organisation, organisationId);
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 500);
        errors.ThrowIfAny();
        OrganisationAccess.RequireStatus(organisation, OrganisationStatus.Verified, "organisation.not-a-member", "Only a verified member is suspended");
        if (organisation.Details!.Kind == OrganisationKind.Exchange)
        {
            throw Rule.Broken("organisation.exchange-not-suspended", "id", "The exchange's own organisation cannot be suspended.");
        }

        return new MembershipSuspended(organisationId, caller.UserId, reason!);
    }

    public static MembershipReinstated Reinstate(Organisation organisation, string organisationId, ReinstatementRequest request, Caller caller)
    {
        OrganisationAccess.RequireExists(organisation, organisationId);
        var errors = new FieldErrors();
        var note = errors.Text("note", request.Note, 500, required: false);
        errors.ThrowIfAny();
        OrganisationAccess.RequireStatus(organisation, OrganisationStatus.Suspended, "organisation.not-suspended", "Only a suspended member is reinstated");
        return new MembershipReinstated(organisationId, caller.UserId, note);
    }

    public static void Map(RouteGroupBuilder organisations)
    {
        organisations.MapPost("/{id}/suspend", async (string id, SuspensionRequest request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            await store.Execute<Organisation>(http, Organisation.StreamId(id), current => [Suspend(current.State, id, request, caller)]);
            return await OrganisationAccess.Answer(store, http, id);
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithSummary("Suspend a member with a reason (暂停会员资格)");

        organisations.MapPost("/{id}/reinstate", async (string id, ReinstatementRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            await store.Execute<Organisation>(http, Organisation.StreamId(id), current => [Reinstate(current.State, id, request ?? new ReinstatementRequest(null), caller)]);
            return await OrganisationAccess.Answer(store, http, id);
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithSummary("Reinstate a suspended member (恢复会员资格)");
    }
}
