using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Listing.Listings.Expiring;
using IpExchange.Listing.Patents;
using IpExchange.Messaging;
using MassTransit;

namespace IpExchange.Listing.Listings.Deals;

/// <summary>
/// What deals and agreements do to a listing, with the patents and timers they touch: one place for
/// the consumers and the demo seeder. Each returns the listing as it will be once committed.
/// </summary>
public static class DealOutcomes
{
    /// <summary>成交: reserve (or license) the listing for a struck deal, or refuse the deal with a reason.</summary>
    public static async Task<Aggregate<Listing>> Strike(EventSession session, Aggregate<Listing> listing, DealStruck deal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (DealDecisions.OnDealStruck(listing.State, deal))
        {
            case null:
                return listing;
            case DealRefusedForListing refused when !listing.State.Exists:
                // No stream stands for a listing unknown here, and starting one for a refusal would
                // invent it: this refusal is the one message that no event of ours stands behind.
                session.Publish(new DealRefused(deal.DealId, deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, refused.Reason, now), listing.StreamId);
                return listing;
            case ListingReservedForDeal reserved:
                // The agreement may have ended before the deal reached us: its end follows at once.
                var held = session.Append(listing, reserved);
                return await Apply(session, held, DealDecisions.AfterReservation(held.State), now, cancellationToken);
            case var answer:
                return session.Append(listing, answer);
        }
    }

    /// <summary>交割完成: the listing held by the deal is sold; after an assignment the buyer owns the patents.</summary>
    public static Task<Aggregate<Listing>> Complete(EventSession session, Aggregate<Listing> listing, ContractCompleted completed, DateTimeOffset now, CancellationToken cancellationToken) =>
        Apply(session, listing, DealDecisions.OnContractCompleted(listing.State, completed), now, cancellationToken);

    /// <summary>The agreement failed: the listing is public again (重新挂牌), or expires if its period is over.</summary>
    public static Task<Aggregate<Listing>> Cancel(EventSession session, Aggregate<Listing> listing, ContractCancelled cancelled, DateTimeOffset now, CancellationToken cancellationToken) =>
        Apply(session, listing, DealDecisions.OnContractCancelled(listing.State, cancelled), now, cancellationToken);

    private static async Task<Aggregate<Listing>> Apply(EventSession session, Aggregate<Listing> listing, object? decided, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = listing.State;
        switch (decided)
        {
            case null:
                return listing;
            case ListingSoldToBuyer sold:
                await ListingExpiry.Cancel(session, before, cancellationToken);
                // An exclusive or sole licence keeps its patents held: no second exclusive listing while it runs.
                if (before.Terms!.DealKind is DealKind.Assignment or DealKind.EquityContribution)
                {
                    await PatentStreams.AppendToEach(session, before.Terms.PatentIds,
                        _ => new PatentAssigned(before.Id!, sold.DealId, sold.BuyerOrganisationId), cancellationToken);
                }

                return session.Append(listing, sold);
            case ListingReservationReleased released:
                return await ListingExpiry.ExpireIfDue(session, session.Append(listing, released), now, cancellationToken);
            default:
                return session.Append(listing, decided);
        }
    }
}

/// <summary>
/// The consumers load the listing with its stream's lock held: deals and agreements about one listing
/// (the licences of an open listing arrive together) queue up instead of losing optimistic races and
/// coming back through the retries.
/// </summary>
public sealed class DealStruckConsumer(EventStore.EventStore store) : IConsumer<DealStruck>
{
    public Task Consume(ConsumeContext<DealStruck> context) =>
        store.HandleOnce(context, "listing-deal-struck", async session =>
        {
            var listing = await session.LoadExclusive<Listing>(Listing.StreamId(context.Message.ListingId), context.CancellationToken);
            await DealOutcomes.Strike(session, listing, context.Message, store.Now(), context.CancellationToken);
        });
}

public sealed class ContractCompletedConsumer(EventStore.EventStore store) : IConsumer<ContractCompleted>
{
    public Task Consume(ConsumeContext<ContractCompleted> context) =>
        store.HandleOnce(context, "listing-contract-completed", async session =>
        {
            var listing = await session.LoadExclusive<Listing>(Listing.StreamId(context.Message.ListingId), context.CancellationToken);
            await DealOutcomes.Complete(session, listing, context.Message, store.Now(), context.CancellationToken);
        });
}

public sealed class ContractCancelledConsumer(EventStore.EventStore store) : IConsumer<ContractCancelled>
{
    public Task Consume(ConsumeContext<ContractCancelled> context) =>
        store.HandleOnce(context, "listing-contract-cancelled", async session =>
        {
            var listing = await session.LoadExclusive<Listing>(Listing.StreamId(context.Message.ListingId), context.CancellationToken);
            await DealOutcomes.Cancel(session, listing, context.Message, store.Now(), context.CancellationToken);
        });
}
