using IpExchange.Contracts.Finance;
using IpExchange.EventStore;
using IpExchange.Messaging;
using MassTransit;

namespace IpExchange.Listing.Patents.Pledging;

/// <summary>
/// 质押融资: the Finance service's pledge loans mark the borrower's patents pledged once the patent
/// office registered the pledge, and release them when the loan is repaid. The pledge carries the
/// loan's id as its contract number, so a release frees only the pledge of its own loan, and a
/// repeated message changes nothing. From then on the Listing service's own rule applies: no
/// assignment or contribution without the pledgee's consent. The two messages may cross on the way
/// (a loan repaid at once, a redelivery): a release heard before its registration is remembered on
/// the patent, and the registration that follows pledges nothing, so the newest news wins.
/// </summary>
public static class LoanPledges
{
    public static PatentPledged? OnRegistered(Patent patent, PledgeRegistered registered) =>
        patent.Exists && patent.Pledge is null && !(patent.LoansReleased?.Contains(registered.LoanId) ?? false)
            ? new PatentPledged(new Pledge(registered.PledgeeName, registered.LoanId, registered.NoticeDate, null, registered.BankOrganisationId))
            : null; // already pledged (under this loan: a repeat; under another: the Finance service checked at application, the older pledge stands), or released already

    /// <summary>The pledge under the defaulted loan becomes the pledgee's to dispose of; any other pledge, or a repeat, changes nothing.</summary>
    public static PledgedLoanDefaulted? OnDefaulted(Patent patent, LoanDefaulted defaulted) =>
        patent.Pledge is { InDefault: false } pledge && pledge.ContractNumber == defaulted.LoanId ? new PledgedLoanDefaulted(defaulted.LoanId) : null;

    public static object? OnReleased(Patent patent, PledgeReleased released) => patent switch
    {
        { Exists: false } => null,
        { Pledge.ContractNumber: var loan } when loan == released.LoanId => new PatentPledgeReleased(),
        _ when patent.LoansReleased?.Contains(released.LoanId) ?? false => null, // a repeat
        _ => new LoanPledgeReleasedEarly(released.LoanId), // its registration is still on the way (or never pledged here): remembered so it pledges nothing
    };
}

public sealed class PledgeRegisteredConsumer(EventStore.EventStore store) : IConsumer<PledgeRegistered>
{
    public Task Consume(ConsumeContext<PledgeRegistered> context) =>
        store.HandleOnce(context, "listing-pledge-registered", session =>
            PatentStreams.AppendToEach(session, context.Message.PatentIds, p => LoanPledges.OnRegistered(p, context.Message), context.CancellationToken));
}

public sealed class PledgedLoanDefaultedConsumer(EventStore.EventStore store) : IConsumer<LoanDefaulted>
{
    public Task Consume(ConsumeContext<LoanDefaulted> context) =>
        store.HandleOnce(context, "listing-pledged-loan-defaulted", session =>
            PatentStreams.AppendToEach(session, context.Message.PatentIds ?? [], p => LoanPledges.OnDefaulted(p, context.Message), context.CancellationToken));
}

public sealed class PledgeReleasedConsumer(EventStore.EventStore store) : IConsumer<PledgeReleased>
{
    public Task Consume(ConsumeContext<PledgeReleased> context) =>
        store.HandleOnce(context, "listing-pledge-released", session =>
            PatentStreams.AppendToEach(session, context.Message.PatentIds, p => LoanPledges.OnReleased(p, context.Message), context.CancellationToken));
}
