using System.ComponentModel.DataAnnotations;
using System.Globalization;
using IpExchange.Contract.Agreements.Drafting;
using Microsoft.Extensions.Options;

namespace IpExchange.Contract.Agreements.Amending;

public sealed record MilestoneRequest([Required] string? Name, [Required] decimal? Amount, DateOnly? DueOn);

/// <summary>A proposed change; what is left out stays as it is.</summary>
public sealed record AmendmentRequest(decimal? Price, IReadOnlyList<MilestoneRequest>? PaymentSchedule, decimal? RoyaltyRate, IReadOnlyList<string>? Clauses, [Required] string? Reason);

/// <summary>
/// 合同变更: one party proposes new terms (price, schedule, royalty, clauses); when the other accepts,
/// the text is rendered again, its hash changes, every signature is void and the signing deadline
/// starts again. Only before the exchange records the agreement: a recorded agreement is changed by
/// cancelling it.
/// </summary>
public static class AmendAgreement
{
    public static AmendmentProposed Propose(Agreement agreement, AmendmentRequest request, Caller caller, DateOnly today, DateTimeOffset now)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "propose amendments");
        var current = agreement.Terms!;
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 1000);
        var price = request.Price ?? current.Price;
        Money.Check(errors, "price", price);

        var milestones = current.Milestones;
        if (request.PaymentSchedule is { } schedule)
        {
            errors.Check(schedule.Count >= 1, "paymentSchedule", FieldCodes.TooFew, "A schedule has at least one milestone.", ("min", 1));
            errors.Check(schedule.Count <= 24, "paymentSchedule", FieldCodes.TooMany, "A schedule has at most 24 milestones.", ("max", 24));
            milestones = schedule.Take(24).Select((m, i) =>
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"paymentSchedule[{i}]");
                if (m is null)
                {
                    errors.Add(field, FieldCodes.Required, "A milestone has a name, an amount and a due date.");
                    return new Milestone(string.Create(CultureInfo.InvariantCulture, $"M{i + 1}"), "", 0, null);
                }

                var name = errors.Text($"{field}.name", m.Name, 100, multiLine: false) ?? "";
                Money.Check(errors, $"{field}.amount", m.Amount);
                errors.Check(m.DueOn is null || m.DueOn >= today, $"{field}.dueOn", FieldCodes.DateInPast, "A due date cannot be in the past.", ("min", today));
                errors.Check(m.DueOn is null || m.DueOn <= today.AddYears(10), $"{field}.dueOn", FieldCodes.DateOutOfRange, "A due date is within ten years.",
                    ("min", today), ("max", today.AddYears(10)));
                return new Milestone(string.Create(CultureInfo.InvariantCulture, $"M{i + 1}"), name, m.Amount ?? 0, m.DueOn);
            }).ToList();
        }

        errors.Check(milestones.Sum(m => m.Amount) <= price, "paymentSchedule", "amendment.schedule-above-price",
            $"The milestones add up to {AgreementText.Yuan(milestones.Sum(m => m.Amount))} yuan, more than the price of {AgreementText.Yuan(price)} yuan.");
        var royalty = request.RoyaltyRate ?? current.RoyaltyRate;
        if (request.RoyaltyRate is not null)
        {
            errors.Check(AgreementText.IsLicence(agreement.Draft!.DealKind), "royaltyRate", "amendment.royalty-not-licence", "Only licences carry a royalty.");
            errors.Check(request.RoyaltyRate is > 0 and <= 0.5m, "royaltyRate", FieldCodes.OutOfRange, "A royalty rate is a fraction of net sales above 0 and at most 0.5 (50%).",
                ("min", 0.0001m), ("max", 0.5m));
        }

        var clauses = current.Clauses;
        if (request.Clauses is { } asked)
        {
            errors.Check(asked.Count <= 20, "clauses", FieldCodes.TooMany, "At most 20 clauses.", ("max", 20));
            clauses = asked.Take(20).Select((c, i) => errors.Text(string.Create(CultureInfo.InvariantCulture, $"clauses[{i}]"), c, 2000) ?? "").ToList();
        }

        errors.ThrowIfAny();
        AgreementAccess.RequireNotEnded(agreement);
        RequireNotRecorded(agreement);
        var terms = new AgreementTerms(price, milestones, royalty, clauses);
        if (AgreementText.Chinese(agreement.Draft!, terms, agreement.Revision) == agreement.Text)
        {
            throw Rule.Broken("amendment.no-change", "price", "The proposal changes nothing in the agreement's text.");
        }

        return new AmendmentProposed(agreement.Amendments.Count + 1, caller.OrganisationId, caller.UserId, terms, reason!, now);
    }

    public static AmendmentAccepted Accept(Agreement agreement, int number, Caller caller, DateTimeOffset now, TimeSpan signingWindow)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "accept amendments");
        AgreementAccess.RequireNotEnded(agreement);
        RequireNotRecorded(agreement);
        if (agreement.PendingAmendment is not { } pending || pending.Number != number)
        {
            throw Rule.Broken("amendment.not-pending", "number",
                agreement.PendingAmendment is { } other
                    ? string.Create(CultureInfo.InvariantCulture, $"Amendment {number} is not the open proposal; amendment {other.Number} is.")
                    : string.Create(CultureInfo.InvariantCulture, $"Amendment {number} is not open: there is no proposal to accept."));
        }

        if (pending.ProposedBy == caller.OrganisationId)
        {
            throw Rule.Broken("amendment.own-proposal", "number", "The other party accepts a proposal, not the party that made it.");
        }

        var revision = agreement.Revision + 1;
        var text = AgreementText.Chinese(agreement.Draft!, pending.Terms, revision);
        return new AmendmentAccepted(number, caller.OrganisationId, caller.UserId, pending.Terms.Price, revision, text, AgreementText.Hash(text), now + signingWindow, now);
    }

    private static void RequireNotRecorded(Agreement agreement)
    {
        if (agreement.Status == AgreementStatus.Effective)
        {
            throw Rule.Broken("agreement.recorded", "status", "The agreement is recorded and in effect; it can no longer be amended, only cancelled.");
        }
    }

    public static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapPost("/{id}/amendments", (string id, AmendmentRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            var now = store.Now();
            return store.Command(http, id, agreement =>
                [Propose(agreement, request ?? new AmendmentRequest(null, null, null, null, null), caller, DateOnly.FromDateTime(now.UtcDateTime), now)]);
        }).Produces<AgreementView>().WithSummary("Propose an amendment (price, paymentSchedule, royaltyRate, clauses, reason); the other party accepts it");

        agreements.MapPost("/{id}/amendments/{number:int}/accept", (string id, int number, HttpContext http, EventStore.EventStore store, IOptions<ContractOptions> options) =>
        {
            var caller = http.Caller();
            return store.Command(http, id, agreement => [Accept(agreement, number, caller, store.Now(), options.Value.SigningDeadline)]);
        }).Produces<AgreementView>().WithSummary("Accept the other party's open amendment: new text and hash, signatures reset, signing deadline restarts");
    }
}
