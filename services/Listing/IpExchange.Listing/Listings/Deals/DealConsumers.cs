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

/// <summary>成交: reserve (or license) the listing for a struck deal, or refuse the deal with a reason.</summary>
public sealed class DealStruckConsumer(EventStore.EventStore store) : IConsumer<DealStruck>
{
    public Task Consume(ConsumeContext<DealStruck> context) =>
        store.HandleOnce(context, "listing-deal-struck", async session =>
        {
            var deal = context.Message;
            var listing = await session.Load<Listing>(Listing.StreamId(deal.ListingId), context.CancellationToken);
            var now = store.Now();
            switch (DealDecisions.OnDealStruck(listing.State, deal))
            {
                case ListingReservedForDeal reserved:
                    session.Append(listing, reserved);
                    session.Publish(new ListingReserved(deal.ListingId, deal.DealId, deal.BuyerOrganisationId, now), listing.StreamId);
                    break;
                case ListingLicenceGranted granted:
                    session.Append(listing, granted);
                    session.Publish(new ListingLicensed(deal.ListingId, deal.DealId, deal.BuyerOrganisationId, listing.State.LicenceCount + 1, now), listing.StreamId);
                    break;
                case DealRefusedForListing refused:
                    if (listing.State.Exists)
                    {
                        session.Append(listing, refused);
                    }

                    session.Publish(new DealRefused(deal.DealId, deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, refused.Reason, now), listing.StreamId);
                    break;
            }
        });
}

/// <summary>交割完成: the listing held by the deal is sold; after an assignment the buyer owns the patents.</summary>
public sealed class ContractCompletedConsumer(EventStore.EventStore store) : IConsumer<ContractCompleted>
{
    public Task Consume(ConsumeContext<ContractCompleted> context) =>
        store.HandleOnce(context, "listing-contract-completed", async session =>
        {
            var completed = context.Message;
            var listing = await session.Load<Listing>(Listing.StreamId(completed.ListingId), context.CancellationToken);
            if (DealDecisions.OnContractCompleted(listing.State, completed) is not { } sold)
            {
                return;
            }

            session.Append(listing, sold);
            session.Publish(new ListingSold(listing.State.Id!, completed.DealId, sold.BuyerOrganisationId, store.Now()), listing.StreamId);
            await ListingExpiry.Cancel(session, listing.State, context.CancellationToken);
            var transfersOwnership = listing.State.Terms!.DealKind is DealKind.Assignment or DealKind.EquityContribution;
            // An exclusive or sole licence keeps its patents held: no second exclusive listing while it runs.
            if (transfersOwnership)
            {
                await PatentStreams.AppendToEach(session, listing.State.Terms.PatentIds,
                    _ => new PatentAssigned(listing.State.Id!, completed.DealId, sold.BuyerOrganisationId), context.CancellationToken);
            }
        });
}

/// <summary>The agreement failed: the listing is public again (重新挂牌), or expires if its period is over.</summary>
public sealed class ContractCancelledConsumer(EventStore.EventStore store) : IConsumer<ContractCancelled>
{
    public Task Consume(ConsumeContext<ContractCancelled> context) =>
        store.HandleOnce(context, "listing-contract-cancelled", async session =>
        {
            var cancelled = context.Message;
            var listing = await session.Load<Listing>(Listing.StreamId(cancelled.ListingId), context.CancellationToken);
            if (DealDecisions.OnContractCancelled(listing.State, cancelled) is not { } released)
            {
                return;
            }

            var now = store.Now();
            var reopened = Listing.Evolve(listing.State, released);
            var events = new List<object> { released };
            events.AddRange(ListingExpiry.Decide(reopened, now));
            session.Append(listing, [.. events]);
            session.Publish(new ListingReopened(listing.State.Id!, cancelled.DealId, cancelled.Reason, now), listing.StreamId);
            if (events.Count > 1)
            {
                await PatentStreams.AppendToEach(session, listing.State.Terms!.PatentIds, _ => new PatentReleased(listing.State.Id!), context.CancellationToken);
                session.Publish(new ListingExpired(listing.State.Id!, listing.State.OwnerOrganisationId!, now), listing.StreamId);
            }
        });
}
