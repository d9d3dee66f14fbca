using System.ComponentModel.DataAnnotations;
using System.Globalization;
using IpExchange.Contract.Agreements.Drafting;
using IpExchange.Contracts;
using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements.Paying;

public sealed record PaymentRequest([Required] string? Milestone, [Required] decimal? Amount, string? Reference);

/// <summary>
/// Payments against the schedule's milestones, by the buyer, once the agreement is effective. A
/// payment never exceeds what the milestone still has outstanding; the last payment, with the
/// registration recorded, completes the agreement.
/// </summary>
public static class PayMilestone
{
    public static IReadOnlyList<object> Decide(Agreement agreement, PaymentRequest request, Caller caller, DateTimeOffset now)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "record payments");
        if (caller.OrganisationId != agreement.Buyer.OrganisationId)
        {
            throw new ForbiddenException("Payments are recorded by the paying party (the buyer).");
        }

        if (agreement.Kind == DealKind.EquityContribution)
        {
            throw Rule.Broken("payment.no-cash", "amount", "A contribution in kind (作价入股) is paid in equity: no cash changes hands.");
        }

        var errors = new FieldErrors();
        var key = errors.Text("milestone", request.Milestone, 100, multiLine: false);
        var milestone = key is null ? null : agreement.Terms!.Milestones.FirstOrDefault(m =>
            string.Equals(m.Id, key, StringComparison.OrdinalIgnoreCase) || m.Name == key);
        if (key is not null && milestone is null)
        {
            errors.Add("milestone", "payment.no-such-milestone", $"No milestone '{key}'; the schedule has {string.Join(", ", agreement.Terms!.Milestones.Select(m => $"{m.Id} ({m.Name})"))}.",
                ("milestones", agreement.Terms!.Milestones.Select(m => m.Id).ToArray()));
        }

        Money.Check(errors, "amount", request.Amount);
        var reference = errors.Text("reference", request.Reference, 200, required: false, multiLine: false);
        errors.ThrowIfAny();
        AgreementAccess.RequireNotEnded(agreement);
        if (agreement.Status != AgreementStatus.Effective)
        {
            throw Rule.Broken("agreement.not-effective", "status", "Payments are made once the exchange has recorded the signed agreement.");
        }

        if (request.Amount > milestone!.Outstanding)
        {
            throw Rule.Broken("payment.exceeds-due", "amount",
                string.Create(CultureInfo.InvariantCulture, $"Milestone {milestone.Id} ({milestone.Name}) has {AgreementText.Yuan(milestone.Outstanding)} yuan outstanding; {AgreementText.Yuan(request.Amount!.Value)} yuan is more than is due."),
                ("milestone", milestone.Id), ("outstanding", milestone.Outstanding));
        }

        var paid = new MilestonePaid(milestone.Id, request.Amount!.Value, reference, caller.UserId, now);
        var events = new List<object> { paid };
        if (AgreementProcess.Completion(Agreement.Evolve(agreement, paid), now) is { } completed)
        {
            events.Add(completed);
        }

        return events;
    }

    public static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/{id}/payments", (string id, PaymentRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            return store.Command(http, id, agreement => Decide(agreement, request ?? new PaymentRequest(null, null, null), caller, store.Now()));
        }).Produces<AgreementView>().WithSummary("Record a payment against a milestone (buyer); never more than the milestone's outstanding amount");
}

/// <summary>
/// A milestone's due date passed unpaid: it is flagged overdue once and PaymentOverdue is published.
/// The timer is set when the agreement is recorded, at the UTC midnight after the due date (at once
/// when that is already past).
/// </summary>
public sealed class MilestoneDue(EventStore.EventStore store) : ITimerHandler
{
    public string Kind => AgreementProcess.MilestoneDueTimer;

    public static MilestoneFellOverdue? Decide(Agreement agreement, string milestoneId, DateTimeOffset now) =>
        agreement.Status == AgreementStatus.Effective
        && agreement.Terms!.Milestones.FirstOrDefault(m => m.Id == milestoneId) is { Outstanding: > 0, Overdue: false, DueOn: { } dueOn } m
        && now >= AgreementProcess.OverdueFrom(dueOn)
            ? new MilestoneFellOverdue(m.Id, m.Outstanding, dueOn, now)
            : null;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var (id, milestone) = AgreementProcess.SplitKey(timer.Key);
        var agreement = await session.Load<Agreement>(Agreement.StreamId(id), cancellationToken);
        if (Decide(agreement.State, milestone, store.Now()) is { } overdue)
        {
            await AgreementProcess.Append(session, agreement, [overdue], cancellationToken);
        }
    }
}
