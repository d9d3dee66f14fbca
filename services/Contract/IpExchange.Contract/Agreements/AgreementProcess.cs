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
    public const string StepDueTimer = "agreement-step-due";
    public const string LicenceTermTimer = "agreement-licence-term-end";
    public const string RoyaltyDueTimer = "agreement-royalty-due";

    public static string MilestoneKey(string agreementId, string milestoneId) => $"{agreementId}/{milestoneId}";

    public static string StepKey(string agreementId, string step) => $"{agreementId}/{step}";

    public static string RoyaltyKey(string agreementId, int period) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{agreementId}/{period}");

    /// <summary>The agreement and the part after the last slash of a timer's key (a milestone, a step, a licence year).</summary>
    public static (string AgreementId, string Part) SplitKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>A milestone is overdue from the first moment (UTC midnight) after its due date.</summary>
    public static DateTimeOffset OverdueFrom(DateOnly dueOn) => new(dueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// The completion an agreement reaches once the last milestone is paid and every step of its kind
    /// recorded (a contribution in kind has no milestones: its registrations complete it), or nothing
    /// yet. A licence stays in force after completion until its term ends.
    /// </summary>
    public static AgreementFulfilled? Completion(Agreement agreement, DateTimeOffset now) =>
        agreement.Status == AgreementStatus.Effective && AgreementPlan.Steps(agreement.Kind).All(agreement.Steps.ContainsKey) && agreement.Outstanding == 0
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
    /// with its timers, committed; answers the
    /// agreement as it is now with its new ETag.
    /// </summary>
    public static async Task<IResult> Command(
        this EventStore.EventStore store, HttpContext http, string id, Func<Agreement, IReadOnlyList<object>> decide)
    {
        var after = await store.Execute<Agreement>(http, Agreement.StreamId(id), async (agreement, session) =>
        {
            var events = decide(agreement.State);
            await Timers(session, agreement.State, events, http.RequestAborted);

            return events;
        });
        return Results.Ok(AgreementView.From(after.State, after.Version));
    }

    /// <summary>
    /// The timers the events set or stop, judged from the agreement as it was before them: a
    /// deadline starts with each text to sign, ends when both have signed; each milestone gets its
    /// overdue timer when the agreement is recorded, which stops once it is paid. A licence taking
    /// effect sets the last day of its contract's filing, the end of its term and each licence
    /// year's royalty due date; those run past completion (the licence outlives the transfer), and
    /// only a cancellation stops them. A timer that fires late re-checks the state, so a missed stop
    /// is harmless.
    /// </summary>
    private static async Task Timers(EventSession session, Agreement before, IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        var state = before;
        foreach (var @event in events)
        {
            await Timers(session, state, @event, cancellationToken);
            state = Agreement.Evolve(state, @event);
        }
    }

    private static async Task Timers(EventSession session, Agreement before, object @event, CancellationToken cancellationToken)
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

                var effective = Agreement.Evolve(before, recorded);
                foreach (var step in AgreementPlan.Steps(before.Kind))
                {
                    if (AgreementPlan.DueOn(effective, step) is { } due)
                    {
                        await session.ScheduleTimer(StepDueTimer, StepKey(before.Id!, step), AgreementPlan.EndOfChinaDay(due), cancellationToken: cancellationToken);
                    }
                }

                if (effective.Licence is { } licence)
                {
                    await session.ScheduleTimer(LicenceTermTimer, before.Id!, AgreementPlan.EndOfChinaDay(licence.EndsOn), cancellationToken: cancellationToken);
                    if (effective.Terms!.HasRoyalty)
                    {
                        foreach (var period in AgreementPlan.RoyaltyPeriods(licence))
                        {
                            await session.ScheduleTimer(RoyaltyDueTimer, RoyaltyKey(before.Id!, period.Number), AgreementPlan.EndOfChinaDay(period.DueOn),
                                cancellationToken: cancellationToken);
                        }
                    }
                }

                break;
            case AgreementStepTaken step:
                await session.CancelTimer(StepDueTimer, StepKey(before.Id!, step.Step), cancellationToken);
                break;
            case RoyaltyPaidForPeriod paid when before.Royalties.TryGetValue(paid.Period, out var account) && account.Outstanding == paid.Amount:
                await session.CancelTimer(RoyaltyDueTimer, RoyaltyKey(before.Id!, paid.Period), cancellationToken);
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

                if (@event is AgreementCancelled && before.Draft is not null)
                {
                    foreach (var step in AgreementPlan.Steps(before.Kind))
                    {
                        await session.CancelTimer(StepDueTimer, StepKey(before.Id!, step), cancellationToken);
                    }

                    if (before.Licence is { } ended)
                    {
                        await session.CancelTimer(LicenceTermTimer, before.Id!, cancellationToken);
                        foreach (var period in AgreementPlan.RoyaltyPeriods(ended))
                        {
                            await session.CancelTimer(RoyaltyDueTimer, RoyaltyKey(before.Id!, period.Number), cancellationToken);
                        }
                    }
                }

                break;
        }
    }
}
