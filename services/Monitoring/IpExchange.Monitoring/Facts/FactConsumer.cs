using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Finance;
using IpExchange.Contracts.Listings;
using IpExchange.Contracts.Matching;
using IpExchange.EventStore;
using IpExchange.Messaging;
using IpExchange.Monitoring.Alerts;
using IpExchange.Monitoring.Pipeline;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IpExchange.Monitoring.Facts;

/// <summary>
/// Hears every integration event of the other services and keeps it as a fact in Monitoring's own
/// store; Marten's async daemon then folds it into the cockpit's documents. The inbox makes a
/// redelivered message change nothing; facts about one deal, listing or auction are handled one at
/// a time so that the checks run on them see what came before.
/// </summary>
public sealed class FactConsumer(EventStore.EventStore store, IOptions<AlertOptions> alerts, IOptions<StageDeadlineOptions> deadlines) :
    IConsumer<ListingSubmitted>, IConsumer<ListingRejected>, IConsumer<ListingLeftReview>, IConsumer<ListingPublished>, IConsumer<ListingWithdrawn>, IConsumer<ListingExpired>, IConsumer<ListingReserved>,
    IConsumer<ListingLicensed>, IConsumer<ListingSold>, IConsumer<ListingReopened>, IConsumer<DealRefused>,
    IConsumer<DealStruck>,
    IConsumer<AgreementDrafted>, IConsumer<AgreementSigned>, IConsumer<AgreementAmended>, IConsumer<AgreementRecorded>,
    IConsumer<PaymentReceived>, IConsumer<PaymentOverdue>, IConsumer<TransferRegistered>, IConsumer<ContractCompleted>, IConsumer<ContractCancelled>,
    IConsumer<RoyaltyReported>, IConsumer<RoyaltyPaid>, IConsumer<RoyaltyOverdue>,
    IConsumer<AuctionBidAccepted>, IConsumer<AuctionEnded>, IConsumer<AuctionDepositReleased>,
    IConsumer<StrongMatchFound>,
    IConsumer<LoanApplied>, IConsumer<LoanRefused>, IConsumer<LoanGranted>, IConsumer<PledgeRegistered>, IConsumer<LoanRepaymentReceived>,
    IConsumer<LoanInstalmentOverdue>, IConsumer<InterestSubsidyGranted>, IConsumer<PledgeReleased>, IConsumer<LoanDefaulted>,
    IConsumer<RiskCompensationSettled>, IConsumer<PledgeDisposed>
{
    public const string Name = "monitoring-facts";

    public Task Consume(ConsumeContext<ListingSubmitted> context) => Keep(context);

    public Task Consume(ConsumeContext<ListingRejected> context) => Keep(context);

    public Task Consume(ConsumeContext<ListingLeftReview> context) => Keep(context);

    public Task Consume(ConsumeContext<ListingPublished> context) => Keep(context, (session, listing) =>
        DealChecks.OnListingPublished(session, store, listing, context.MessageId, alerts.Value, context.CancellationToken));

    public Task Consume(ConsumeContext<ListingWithdrawn> context) => Keep(context);

    public Task Consume(ConsumeContext<ListingExpired> context) => Keep(context);

    public Task Consume(ConsumeContext<ListingReserved> context) => Keep(context);

    public Task Consume(ConsumeContext<ListingLicensed> context) => Keep(context);

    public Task Consume(ConsumeContext<ListingSold> context) => Keep(context);

    public Task Consume(ConsumeContext<ListingReopened> context) => Keep(context);

    public Task Consume(ConsumeContext<DealRefused> context) => Keep(context);

    public Task Consume(ConsumeContext<DealStruck> context) => Keep(context, async (session, deal) =>
    {
        await DealChecks.OnStruck(session, store, deal, context.MessageId, alerts.Value, context.CancellationToken);
        await StageDeadlines.Schedule(session, new StageDeadline(deal.DealId, DealStage.Struck,
            $"合同未在 {deadlines.Value.Drafting.TotalDays:0.#} 天内起草 (no agreement drafted in time)", deal.StruckAt + deadlines.Value.Drafting), context.CancellationToken);
    });

    public Task Consume(ConsumeContext<AgreementDrafted> context) => Keep(context, (session, drafted) =>
        ScheduleSigning(session, drafted.DealId, drafted.AgreementId, drafted, context.CancellationToken));

    public Task Consume(ConsumeContext<AgreementSigned> context) => Keep(context, (session, signed) => signed.BothSigned
        ? StageDeadlines.Schedule(session, new StageDeadline(signed.DealId, DealStage.SignedByBoth,
            $"交易中心未在 {deadlines.Value.Recording.TotalDays:0.#} 天内登记 (not recorded in time)", signed.SignedAt + deadlines.Value.Recording), context.CancellationToken)
        : Task.CompletedTask);

    // An amendment restarts the signing deadline: the drafted stage's deadline moves with it (same
    // timer key as the drafting's), so an amended agreement is not reported stuck at the old one.
    public Task Consume(ConsumeContext<AgreementAmended> context) => Keep(context, (session, amended) => amended.SigningDeadline == default
        ? Task.CompletedTask
        : ScheduleSigning(session, amended.DealId, amended.AgreementId, amended, context.CancellationToken));

    public Task Consume(ConsumeContext<AgreementRecorded> context) => Keep(context, (session, recorded) =>
        StageDeadlines.Schedule(session, new StageDeadline(recorded.DealId, DealStage.Recorded,
            $"登记后 {deadlines.Value.Completion.TotalDays:0.#} 天未完成交割 (not completed in time)", recorded.RecordedAt + deadlines.Value.Completion), context.CancellationToken));

    public Task Consume(ConsumeContext<PaymentReceived> context) => Keep(context);

    public Task Consume(ConsumeContext<PaymentOverdue> context) => Keep(context, (session, overdue) =>
        DealChecks.OnPaymentOverdue(session, store, overdue, context.MessageId, context.CancellationToken));

    public Task Consume(ConsumeContext<TransferRegistered> context) => Keep(context);

    public Task Consume(ConsumeContext<ContractCompleted> context) => Keep(context);

    public Task Consume(ConsumeContext<ContractCancelled> context) => Keep(context);

    public Task Consume(ConsumeContext<RoyaltyReported> context) => Keep(context);

    public Task Consume(ConsumeContext<RoyaltyPaid> context) => Keep(context);

    public Task Consume(ConsumeContext<RoyaltyOverdue> context) => Keep(context, (session, overdue) =>
        DealChecks.OnRoyaltyOverdue(session, store, overdue, context.MessageId, context.CancellationToken));

    public Task Consume(ConsumeContext<AuctionBidAccepted> context) => Keep(context, (session, bid) =>
        DealChecks.OnBid(session, store, bid, context.MessageId, alerts.Value, context.CancellationToken));

    public Task Consume(ConsumeContext<AuctionEnded> context) => Keep(context);

    public Task Consume(ConsumeContext<AuctionDepositReleased> context) => Keep(context);

    public Task Consume(ConsumeContext<StrongMatchFound> context) => Keep(context);

    // 质押融资: the Finance service's loans, for the cockpit's financing figures.
    public Task Consume(ConsumeContext<LoanApplied> context) => Keep(context);

    public Task Consume(ConsumeContext<LoanRefused> context) => Keep(context);

    public Task Consume(ConsumeContext<LoanGranted> context) => Keep(context);

    public Task Consume(ConsumeContext<PledgeRegistered> context) => Keep(context, (session, registered) =>
        Financing.PledgedPatentWatch.Schedule(session, registered, alerts.Value, context.CancellationToken));

    public Task Consume(ConsumeContext<LoanRepaymentReceived> context) => Keep(context);

    public Task Consume(ConsumeContext<LoanInstalmentOverdue> context) => Keep(context);

    public Task Consume(ConsumeContext<InterestSubsidyGranted> context) => Keep(context);

    public Task Consume(ConsumeContext<PledgeReleased> context) => Keep(context);

    public Task Consume(ConsumeContext<LoanDefaulted> context) => Keep(context);

    public Task Consume(ConsumeContext<RiskCompensationSettled> context) => Keep(context);

    public Task Consume(ConsumeContext<PledgeDisposed> context) => Keep(context);

    /// <summary>
    /// The signing deadline is the one the latest of the drafting and its amendments set, whichever
    /// was heard first: an amendment heard before its drafting must not be undone by it.
    /// </summary>
    private static async Task ScheduleSigning(EventSession session, string dealId, string agreementId, object fact, CancellationToken cancellationToken)
    {
        var stream = Facts.DealStream(dealId);
        var deal = DealView.Evolve(DealView.Of(stream, await FactLock.Read(session, stream, cancellationToken)), fact);
        if (deal.SigningDeadline is { } deadline)
        {
            await StageDeadlines.Schedule(session, new StageDeadline(dealId, DealStage.Drafted,
                "双方未在签署期限内签署 (not signed by both parties by the signing deadline)", deadline), cancellationToken, agreementId);
        }
    }

    /// <summary>
    /// Appends the message as a fact of its stream, then lets <paramref name="check"/> look at it
    /// against the facts committed before it (the stream's lock holds back any other fact about it).
    /// </summary>
    private Task Keep<T>(ConsumeContext<T> context, Func<EventSession, T, Task>? check = null)
        where T : class =>
        store.HandleOnce(context, Name, async session =>
        {
            var fact = context.Message;
            var stream = Facts.StreamOf(fact);
            await FactLock.Take(session, store, stream, context.CancellationToken);
            // Any version: facts come in any order, and each is kept as it came.
            session.Append(stream, ExpectedVersion.Any, fact);
            if (check is not null)
            {
                await check(session, fact);
            }
        });
}
