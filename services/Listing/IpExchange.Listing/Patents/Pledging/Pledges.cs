using System.ComponentModel.DataAnnotations;
using IpExchange.Listing.Patents.Registering;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Patents.Pledging;

public sealed record ConsentRequest([Required] string? ConsentDocument);

/// <summary>质押: the owner records a pledge, the pledgee's consent to a transfer, or the pledge's release.</summary>
public static class Pledges
{
    public static PatentPledged Pledge(Patent patent, PledgeRequest request, Caller caller, DateOnly today)
    {
        PatentAccess.RequireOwner(patent, caller);
        var errors = new FieldErrors();
        var pledgee = errors.Text("pledgee", request.Pledgee, 200, multiLine: false);
        var contract = errors.Text("contractNumber", request.ContractNumber, 100, required: false, multiLine: false);
        var consent = errors.Text("consentDocument", request.ConsentDocument, 500, required: false);
        errors.Check(request.PledgedOn is { } on && on <= today, "pledgedOn", FieldCodes.DateInFuture, "The pledge date is required and cannot be in the future.", ("max", today));
        errors.Check(request.PledgedOn is not { } pledged || patent.Registration is not { } registration || pledged >= registration.FilingDate, "pledgedOn",
            "patent.pledged-before-filing", "A patent is pledged after its application was filed.", ("min", patent.Registration?.FilingDate));
        errors.ThrowIfAny();
        if (patent.Pledge is not null)
        {
            throw Rule.Broken("patent.already-pledged", "pledgee", $"The patent is already pledged to {patent.Pledge.Pledgee}.", ("pledgee", patent.Pledge.Pledgee));
        }

        return new PatentPledged(new Pledge(pledgee!, contract, request.PledgedOn!.Value, consent));
    }

    public static PledgeeConsentRecorded Consent(Patent patent, ConsentRequest request, Caller caller)
    {
        PatentAccess.RequireOwner(patent, caller);
        var errors = new FieldErrors();
        var document = errors.Text("consentDocument", request.ConsentDocument, 500);
        errors.ThrowIfAny();
        if (patent.Pledge is null)
        {
            throw Rule.Broken("patent.not-pledged", "consentDocument", "The patent is not pledged; there is no pledgee to consent.");
        }

        return new PledgeeConsentRecorded(document!);
    }

    public static PatentPledgeReleased Release(Patent patent, Caller caller)
    {
        PatentAccess.RequireOwner(patent, caller);
        return patent.Pledge is null
            ? throw Rule.Broken("patent.not-pledged", "pledge", "The patent is not pledged.")
            : new PatentPledgeReleased();
    }

    public static void Map(RouteGroupBuilder patents)
    {
        patents.MapPost("/{id}/pledge", (string id, PledgeRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
            PatentAccess.Command(http, store, id, p => Pledge(p, request, http.Caller(), ExchangeCalendar.Today(time))))
            .Produces<PatentView>().WithSummary("Record a pledge (质押) on a patent");
        patents.MapPost("/{id}/pledge/consent", (string id, ConsentRequest request, HttpContext http, EventStore.EventStore store) =>
            PatentAccess.Command(http, store, id, p => Consent(p, request, http.Caller())))
            .Produces<PatentView>().WithSummary("Record the pledgee's consent to a transfer");
        patents.MapDelete("/{id}/pledge", (string id, HttpContext http, EventStore.EventStore store) =>
            PatentAccess.Command(http, store, id, p => Release(p, http.Caller())))
            .Produces<PatentView>().WithSummary("Record the release of the pledge");
    }
}
