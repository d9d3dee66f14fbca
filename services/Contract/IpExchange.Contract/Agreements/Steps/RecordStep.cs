using System.ComponentModel.DataAnnotations;
using System.Globalization;
using IpExchange.Contracts;
using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements.Steps;

public sealed record StepRequest([Required] string? DocumentNumber, [Required] DateOnly? DocumentDate);

public sealed record RegistrationRequest([Required] string? NoticeNumber, [Required] DateOnly? NoticeDate);

/// <summary>
/// The steps of an effective agreement, by deal kind (<see cref="AgreementPlan.Steps"/>): an
/// assignment's transfer registration (专利权转移登记), a licence contract's filing (许可合同备案,
/// within three months), a contribution's shareholder resolution, transfer registration to the
/// investee and business registration change (工商变更登记). A party records each with its
/// document's number and date; with every milestone paid, the last one completes the agreement.
/// </summary>
public static class RecordStep
{
    /// <summary>The fields and the repeat rule of the request: the steps' own, or those of the older registration endpoint.</summary>
    public sealed record Fields(string Number, string Date, string AlreadyRecorded)
    {
        public static Fields Steps { get; } = new("documentNumber", "documentDate", "step.already-recorded");

        public static Fields Registration { get; } = new("noticeNumber", "noticeDate", "registration.already-recorded");
    }

    public static IReadOnlyList<object> Decide(Agreement agreement, string? step, string? documentNumber, DateOnly? documentDate, Fields fields, Caller caller, DateTimeOffset now)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "record the agreement's steps");
        var steps = AgreementPlan.Steps(agreement.Kind);
        var known = steps.FirstOrDefault(s => string.Equals(s, step, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            throw Rule.Broken("step.not-of-this-deal", "step",
                $"A {agreement.Kind} agreement takes the steps {string.Join(", ", steps)}; '{step}' is not one of them.");
        }

        var errors = new FieldErrors();
        var number = errors.Text(fields.Number, documentNumber, 64, multiLine: false);
        if (documentDate is not { } date)
        {
            errors.Add(fields.Date, FieldCodes.Required, "This field is required.");
        }
        else
        {
            var drafted = DateOnly.FromDateTime(agreement.Draft!.DraftedAt.UtcDateTime);
            errors.Check(date <= AgreementPlan.ChinaDay(now), fields.Date, FieldCodes.DateInFuture, "The document's date cannot be in the future.", ("max", AgreementPlan.ChinaDay(now)));
            errors.Check(date >= drafted, fields.Date, "step.before-agreement", "The document cannot predate the agreement.", ("min", drafted));
        }

        errors.ThrowIfAny();
        AgreementAccess.RequireNotEnded(agreement);
        if (agreement.Status != AgreementStatus.Effective)
        {
            throw Rule.Broken("agreement.not-effective", "status", $"{AgreementPlan.StepName(known)} is recorded once the exchange has recorded the signed agreement.");
        }

        if (agreement.Steps.TryGetValue(known, out var done))
        {
            throw Rule.Broken(fields.AlreadyRecorded, fields.Number,
                string.Create(CultureInfo.InvariantCulture, $"{AgreementPlan.StepName(known)} was already recorded with document {done.DocumentNumber} of {done.DocumentDate:yyyy-MM-dd}."));
        }

        if (AgreementPlan.Before(agreement.Kind, known).FirstOrDefault(s => !agreement.Steps.ContainsKey(s)) is { } first)
        {
            throw Rule.Broken("step.out-of-order", "step", $"{AgreementPlan.StepName(first)} comes before {AgreementPlan.StepName(known)}.");
        }

        var recorded = new AgreementStepTaken(known, number!, documentDate!.Value, caller.OrganisationId, caller.UserId, now);
        var events = new List<object> { recorded };
        if (AgreementProcess.Completion(Agreement.Evolve(agreement, recorded), now) is { } completed)
        {
            events.Add(completed);
        }

        return events;
    }

    public static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapPost("/{id}/steps/{step}", (string id, string step, StepRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            request ??= new StepRequest(null, null);
            return store.Command(http, id, agreement => Decide(agreement, step, request.DocumentNumber, request.DocumentDate, Fields.Steps, caller, store.Now()));
        }).WithSummary("Record a step of the effective agreement (documentNumber, documentDate): PatentTransferRegistration, LicenceContractFiling, ShareholderResolution, BusinessRegistrationChange, as its deal kind takes them (a party)");

        // The patent office's step of the deal kind under the name it had before the steps were kept apart.
        agreements.MapPost("/{id}/registration", (string id, RegistrationRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            request ??= new RegistrationRequest(null, null);
            return store.Command(http, id, agreement => Decide(agreement, agreement.Draft is null ? null : AgreementPlan.PatentOfficeStep(agreement.Kind),
                request.NoticeNumber, request.NoticeDate, Fields.Registration, caller, store.Now()));
        }).WithSummary("Record the patent office's notice (noticeNumber, noticeDate): the transfer's registration, or a licence contract's filing (a party)");
    }
}

/// <summary>
/// A step's last day passed without it (许可合同备案, three months after the licence took effect): it is
/// flagged overdue once, and AgreementStepOverdue is published. A late filing is still recorded.
/// </summary>
public sealed class StepDue(EventStore.EventStore store) : ITimerHandler
{
    public string Kind => AgreementProcess.StepDueTimer;

    public static AgreementStepFellOverdue? Decide(Agreement agreement, string step, DateTimeOffset now) =>
        agreement.Status == AgreementStatus.Effective && !agreement.Steps.ContainsKey(step) && !agreement.OverdueSteps.Contains(step)
        && AgreementPlan.DueOn(agreement, step) is { } due && now >= AgreementPlan.EndOfChinaDay(due)
            ? new AgreementStepFellOverdue(step, due, now)
            : null;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var (id, step) = AgreementProcess.SplitKey(timer.Key);
        var agreement = await session.Load<Agreement>(Agreement.StreamId(id), cancellationToken);
        if (Decide(agreement.State, step, store.Now()) is { } overdue)
        {
            await AgreementProcess.Append(session, agreement, [overdue], cancellationToken);
        }
    }
}
