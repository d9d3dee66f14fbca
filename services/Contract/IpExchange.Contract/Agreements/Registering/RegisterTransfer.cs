using System.ComponentModel.DataAnnotations;
namespace IpExchange.Contract.Agreements.Registering;

public sealed record RegistrationRequest([Required] string? NoticeNumber, [Required] DateOnly? NoticeDate);

/// <summary>
/// 著录项目变更 (or, for a licence, 许可合同备案): a party records the patent office's notice number
/// and date once the agreement is effective. With every milestone paid, this completes it.
/// </summary>
public static class RegisterTransfer
{
    public static IReadOnlyList<object> Decide(Agreement agreement, RegistrationRequest request, Caller caller, DateTimeOffset now)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "record the patent office registration");
        var errors = new FieldErrors();
        var number = errors.Text("noticeNumber", request.NoticeNumber, 64, multiLine: false);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (request.NoticeDate is not { } date)
        {
            errors.Add("noticeDate", FieldCodes.Required, "This field is required.");
        }
        else
        {
            errors.Check(date <= today, "noticeDate", FieldCodes.DateInFuture, "The notice date cannot be in the future.", ("max", today));
            errors.Check(date >= DateOnly.FromDateTime(agreement.Draft!.DraftedAt.UtcDateTime), "noticeDate", "registration.before-agreement", "The notice cannot predate the agreement.",
                ("min", DateOnly.FromDateTime(agreement.Draft!.DraftedAt.UtcDateTime)));
        }

        errors.ThrowIfAny();
        AgreementAccess.RequireNotEnded(agreement);
        if (agreement.Status != AgreementStatus.Effective)
        {
            throw Rule.Broken("agreement.not-effective", "status", "The registration is recorded once the exchange has recorded the signed agreement.");
        }

        if (agreement.Registration is { } done)
        {
            throw Rule.Broken("registration.already-recorded", "noticeNumber", $"The registration was already recorded with notice {done.NoticeNumber}.", ("noticeNumber", done.NoticeNumber));
        }

        var registered = new PatentOfficeRegistrationRecorded(number!, request.NoticeDate!.Value, caller.OrganisationId, caller.UserId, now);
        var events = new List<object> { registered };
        if (AgreementProcess.Completion(Agreement.Evolve(agreement, registered), now) is { } completed)
        {
            events.Add(completed);
        }

        return events;
    }

    public static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/{id}/registration", (string id, RegistrationRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            return store.Command(http, id, agreement => Decide(agreement, request ?? new RegistrationRequest(null, null), caller, store.Now()));
        }).Produces<AgreementView>().WithSummary("Record the patent office's notice (noticeNumber, noticeDate) of the transfer or licence (a party)");
}
