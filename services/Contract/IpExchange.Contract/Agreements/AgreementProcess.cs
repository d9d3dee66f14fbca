using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements;

/// <summary>
/// The process manager's deadlines: what an agreement's events mean for its durable timers, in one
/// place, as <see cref="ContractIntegrationEvents"/> says what they mean for other services. Every
/// command, consumer and timer handler calls <see cref="Append"/>, so the events, the timers they
/// set or stop and the outbox rows commit together or not at all.
/// </summary>
public static class AgreementProcess
{
    public const string SigningDeadlineTimer = "agreement-signing-deadline";
    public const string MilestoneDueTimer = "agreement-milestone-due";

    public static string MilestoneKey(string agreementId, string milestoneId) => $"{agreementId}/{milestoneId}";

    /// <summary>A milestone is overdue from the first moment (UTC midnight) after its due date.</summary>
    public static DateTimeOffset OverdueFrom(DateOnly dueOn) => new(dueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The completion an agreement reaches once the last milestone is paid and the registration recorded, or nothing yet.</summary>
    public static AgreementFulfilled? Completion(Agreement agreement, DateTimeOffset now) =>
        agreement.Status == AgreementStatus.Effective && agreement.Registration is not null && agreement.Outstanding == 0
            ? new AgreementFulfilled(now)
            : null;

    /// <summary>Appends <paramref name="events"/> to the agreement loaded in <paramref name="session"/>, with the timers they set or stop.</summary>
    public static async Task<Aggregate<Agreement>> Append(EventSession session, Aggregate<Agreement> agreement, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        await Timers(session, agreement.State, events, cancellationToken);
        return session.Append(agreement, events);
    }

    /// <summary>
    /// One command on an agreement over HTTP: loaded at the request's If-Match, decided, appended
    /// with its timers and whatever <paramref name="alongside"/> writes, committed; answers the
    /// agreement as it is now with its new ETag.
    /// </summary>
    public static async Task<IResult> Command(
        this EventStore.EventStore store, HttpContext http, string id, Func<Agreement, IReadOnlyList<object>> decide, Action<EventSession>? alongside = null)
    {
        var after = await store.Execute<Agreement>(http, Agreement.StreamId(id), async (agreement, session) =>
        {
            var events = decide(agreement.State);
            await Timers(session, agreement.State, events, http.RequestAborted);
            alongside?.Invoke(session);

            return events;
        });
        return Results.Ok(AgreementView.From(after.State, after.Version));
    }

    /// <summary>
    /// The timers the events set or stop, judged from the agreement as it was before them: a
    /// deadline starts with each text to sign, ends when both have signed; each milestone gets its
    /// overdue timer when the agreement is recorded, which stops once it is paid; an agreement that
    /// ended keeps none. A timer that fires late re-checks the state, so a missed stop is harmless.
    /// </summary>
    private static async Task Timers(EventSession session, Agreement before, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        foreach (var @event in events)
        {
            switch (@event)
            {
                case AgreementDraftedFromDeal drafted:
                    await session.ScheduleTimer(SigningDeadlineTimer, drafted.AgreementId, drafted.SigningDeadline, cancellationToken: cancellationToken);
                    break;
                case AmendmentAccepted accepted:
                    await session.ScheduleTimer(SigningDeadlineTimer, before.Id!, accepted.SigningDeadline, cancellationToken: cancellationToken);
                    break;
                case AgreementSignedByParty signed when before.Signatures.ContainsKey(before.OtherParty(signed.OrganisationId)):
                    await session.CancelTimer(SigningDeadlineTimer, before.Id!, cancellationToken);
                    break;
                case AgreementRecordedByExchange recorded:
                    foreach (var m in recorded.Milestones.Where(m => m.Outstanding > 0 && m.DueOn is not null))
                    {
                        await session.ScheduleTimer(MilestoneDueTimer, MilestoneKey(before.Id!, m.Id), OverdueFrom(m.DueOn!.Value), cancellationToken: cancellationToken);
                    }

                    break;
                case MilestonePaid paid when before.Terms!.Milestones.Single(m => m.Id == paid.MilestoneId).Outstanding == paid.Amount:
                    await session.CancelTimer(MilestoneDueTimer, MilestoneKey(before.Id!, paid.MilestoneId), cancellationToken);
                    break;
                case AgreementFulfilled or AgreementCancelled:
                    await session.CancelTimer(SigningDeadlineTimer, before.Id!, cancellationToken);
                    foreach (var m in before.Terms?.Milestones ?? [])
                    {
                        await session.CancelTimer(MilestoneDueTimer, MilestoneKey(before.Id!, m.Id), cancellationToken);
                    }

                    break;
            }
        }
    }
}
