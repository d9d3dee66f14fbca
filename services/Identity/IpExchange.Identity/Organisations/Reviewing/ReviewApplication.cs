using System.ComponentModel.DataAnnotations;
using IpExchange.EventStore;

namespace IpExchange.Identity.Organisations.Reviewing;

public sealed record RejectionRequest([Required] string? Reason);

/// <summary>
/// 实名认证: exchange staff verify an applied organisation (it becomes a member, its administrator can
/// sign in, and every service learns its legal name) or reject it with a reason. A rejection releases
/// the 统一社会信用代码, so that the organisation may apply again with corrected papers.
/// </summary>
public static class ReviewApplication
{
    public static ApplicationVerified Verify(Organisation organisation, string organisationId, Caller caller)
    {
        OrganisationAccess.RequireExists(organisation, organisationId);
        OrganisationAccess.RequireStatus(organisation, OrganisationStatus.Applied, "organisation.not-applied", "Only an application under review is verified");
        return new ApplicationVerified(organisationId, caller.UserId);
    }

    public static ApplicationRejected Reject(Organisation organisation, string organisationId, RejectionRequest request, Caller caller)
    {
        OrganisationAccess.RequireExists(organisation, organisationId);
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 500);
        errors.ThrowIfAny();
        OrganisationAccess.RequireStatus(organisation, OrganisationStatus.Applied, "organisation.not-applied", "Only an application under review is rejected");
        return new ApplicationRejected(organisationId, caller.UserId, reason!);
    }

    public static void Map(RouteGroupBuilder organisations)
    {
        organisations.MapPost("/{id}/verify", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            await store.Execute<Organisation>(http, Organisation.StreamId(id), current => [Verify(current.State, id, caller)]);
            return await OrganisationAccess.Answer(store, http, id);
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithSummary("Verify an applied organisation (实名认证通过): it becomes a member");

        organisations.MapPost("/{id}/reject", async (string id, RejectionRequest request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            await store.Execute<Organisation>(http, Organisation.StreamId(id), async (current, session) =>
            {
                var rejected = Reject(current.State, id, request, caller);
                var code = current.State.Details!.CreditCode;
                var hold = await session.Load<CreditCodeHold>(CreditCodeHold.StreamId(code), http.RequestAborted);
                if (hold.State.OrganisationId == id)
                {
                    session.Append(hold, new CreditCodeReleased(code, id));
                }

                return [rejected];
            });
            return await OrganisationAccess.Answer(store, http, id);
        })
        .RequireAuthorization(IdentitySetup.ExchangePolicy)
        .WithSummary("Reject an application with a reason (未通过)");
    }
}
