namespace IpExchange.Contract.Agreements.Registering;

public sealed record RegistrationRequest(string? NoticeNumber, DateOnly? NoticeDate);

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
        var number = errors.Text("noticeNumber", request.NoticeNumber, 64);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (request.NoticeDate is not { } date)
        {
            errors.Add("noticeDate", "This field is required.");
        }
        else
        {
            errors.Check(date <= today, "noticeDate", "The notice date cannot be in the future.");
            errors.Check(date >= DateOnly.FromDateTime(agreement.Draft!.DraftedAt.UtcDateTime), "noticeDate", "The notice cannot predate the agreement.");
        }

        errors.ThrowIfAny();
        AgreementAccess.RequireNotEnded(agreement);
        if (agreement.Status != AgreementStatus.Effective)
        {
            throw Rule.Broken("agreement.not-effective", "status", "The registration is recorded once the exchange has recorded the signed agreement.");
        }

        if (agreement.Registration is { } done)
        {
            throw Rule.Broken("registration.already-recorded", "noticeNumber", $"The registration was already recorded with notice {done.NoticeNumber}.");
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
        }).WithSummary("Record the patent office's notice (noticeNumber, noticeDate) of the transfer or licence (a party)");
}
