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

namespace IpExchange.Monitoring.Facts;

/// <summary>
/// Nothing is retried forever in silence: when any service's consumer gives up on an integration
/// event (its immediate retries and delayed redeliveries spent), MassTransit moves the message to
/// that queue's <c>_error</c> queue and publishes <see cref="Fault{T}"/>. This consumer hears the
/// faults of every event the cockpit keeps, raises a <c>message-failed</c> alert naming the
/// consumer, the message and the error, and marks the deal the message belongs to as stuck in the
/// stage it is in (a deal whose agreement can never be drafted shows on the cockpit, not nowhere).
/// </summary>
public sealed class DeliveryFaultConsumer(EventStore.EventStore store) :
    IConsumer<Fault<ListingSubmitted>>, IConsumer<Fault<ListingRejected>>, IConsumer<Fault<ListingLeftReview>>, IConsumer<Fault<ListingPublished>>, IConsumer<Fault<ListingWithdrawn>>,
    IConsumer<Fault<ListingExpired>>, IConsumer<Fault<ListingReserved>>, IConsumer<Fault<ListingLicensed>>, IConsumer<Fault<ListingSold>>,
    IConsumer<Fault<ListingReopened>>, IConsumer<Fault<DealRefused>>, IConsumer<Fault<DealStruck>>,
    IConsumer<Fault<AgreementDrafted>>, IConsumer<Fault<AgreementSigned>>, IConsumer<Fault<AgreementAmended>>, IConsumer<Fault<AgreementRecorded>>,
    IConsumer<Fault<PaymentReceived>>, IConsumer<Fault<PaymentOverdue>>, IConsumer<Fault<TransferRegistered>>, IConsumer<Fault<ContractCompleted>>,
    IConsumer<Fault<ContractCancelled>>, IConsumer<Fault<AuctionBidAccepted>>, IConsumer<Fault<AuctionEnded>>, IConsumer<Fault<AuctionDepositReleased>>,
    IConsumer<Fault<StrongMatchFound>>, IConsumer<Fault<RoyaltyReported>>, IConsumer<Fault<RoyaltyPaid>>, IConsumer<Fault<RoyaltyOverdue>>,
    IConsumer<Fault<LoanApplied>>, IConsumer<Fault<LoanRefused>>, IConsumer<Fault<LoanGranted>>, IConsumer<Fault<PledgeRegistered>>, IConsumer<Fault<LoanRepaymentReceived>>, IConsumer<Fault<LoanInstalmentOverdue>>,
    IConsumer<Fault<InterestSubsidyGranted>>, IConsumer<Fault<PledgeReleased>>, IConsumer<Fault<LoanDefaulted>>, IConsumer<Fault<RiskCompensationSettled>>, IConsumer<Fault<PledgeDisposed>>
{
    public const string Name = "monitoring-delivery-faults";

    public Task Consume(ConsumeContext<Fault<ListingSubmitted>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingRejected>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingLeftReview>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingPublished>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingWithdrawn>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingExpired>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingReserved>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingLicensed>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingSold>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ListingReopened>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<DealRefused>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<DealStruck>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<AgreementDrafted>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<AgreementSigned>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<AgreementAmended>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<AgreementRecorded>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<PaymentReceived>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<PaymentOverdue>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<TransferRegistered>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ContractCompleted>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<ContractCancelled>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<AuctionBidAccepted>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<AuctionEnded>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<AuctionDepositReleased>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<StrongMatchFound>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<RoyaltyReported>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<RoyaltyPaid>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<RoyaltyOverdue>> context) => Keep(context);

    // 质押融资: the Finance service's loans (a failed one names no deal: the alert alone tells it).
    public Task Consume(ConsumeContext<Fault<LoanApplied>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<LoanRefused>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<LoanGranted>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<PledgeRegistered>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<LoanRepaymentReceived>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<LoanInstalmentOverdue>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<InterestSubsidyGranted>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<PledgeReleased>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<LoanDefaulted>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<RiskCompensationSettled>> context) => Keep(context);
    public Task Consume(ConsumeContext<Fault<PledgeDisposed>> context) => Keep(context);

    /// <summary>The queue that gave up, from the fault's source address (<c>rabbitmq://host/vhost/contract-deal-struck</c> → <c>contract-deal-struck</c>).</summary>
    public static string ConsumerOf(Uri? source) =>
        source?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() is { Length: > 0 } queue ? queue : "unknown";

    private Task Keep<T>(ConsumeContext<Fault<T>> context)
        where T : class =>
        store.HandleOnce(context, Name, async session =>
        {
            var fault = context.Message;
            var stream = Facts.StreamOf(fault.Message);
            var consumer = ConsumerOf(context.SourceAddress);
            var errors = fault.Exceptions.Select(e => $"{e.ExceptionType}: {e.Message}").ToList();
            string? dealId = null, listingId = null, auctionId = null;
            if (stream.StartsWith("deal-", StringComparison.Ordinal))
            {
                dealId = stream["deal-".Length..];
                await FactLock.Take(session, store, stream, context.CancellationToken);
                var deal = DealView.Of(stream, await FactLock.Read(session, stream, context.CancellationToken));
                listingId = deal.ListingId;
                // Stuck in the stage it is in now; a deal the cockpit has not heard of yet is stuck where every deal starts.
                var stage = deal.Stage ?? DealStage.Struck;
                session.Append(stream, ExpectedVersion.Any, new DealStuck(dealId, stage,
                    $"{consumer} 无法处理 {typeof(T).Name} (message failed: {errors.FirstOrDefault()})", fault.Timestamp, store.Now()));
            }
            else if (stream.StartsWith("listing-", StringComparison.Ordinal))
            {
                listingId = stream["listing-".Length..];
            }
            else if (stream.StartsWith("auction-", StringComparison.Ordinal))
            {
                auctionId = stream["auction-".Length..];
            }

            await AlertRaising.Raise(session, store, AlertRules.Failed(consumer, typeof(T).Name, fault.FaultedMessageId, dealId, listingId, auctionId, errors, fault.Timestamp),
                context.CancellationToken);
        });
}
