using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements.Licensing;

/// <summary>
/// A licence's term ends at midnight in China after its last day, from a durable timer set when its
/// agreement took effect: the licence is no longer in force and LicenceEnded is published, so an
/// exclusive or sole licence stops holding its patents. It ends whether or not the agreement was
/// completed (the transfer is done, the licence runs on); a cancelled agreement's licence ended with it.
/// </summary>
public sealed class LicenceTermEnds(EventStore.EventStore store) : ITimerHandler
{
    public string Kind => AgreementProcess.LicenceTermTimer;

    public static LicenceTermEnded? Decide(Agreement agreement, DateTimeOffset now) =>
        agreement.LicenceInForce && now >= AgreementPlan.EndOfChinaDay(agreement.Licence!.EndsOn)
            ? new LicenceTermEnded(agreement.Licence.EndsOn, now)
            : null;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var agreement = await session.Load<Agreement>(Agreement.StreamId(timer.Key), cancellationToken);
        if (Decide(agreement.State, store.Now()) is { } ended)
        {
            await AgreementProcess.Append(session, agreement, [ended], cancellationToken);
        }
    }
}
