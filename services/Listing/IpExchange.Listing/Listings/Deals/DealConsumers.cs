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
        var patents = await PatentStreams.Load(session, listing.State.Terms?.PatentIds ?? [], cancellationToken);
        switch (DealDecisions.OnDealStruck(listing.State, deal, patents.Select(p => p.State).ToList()))
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
            case ListingLicenceGranted granted:
                // The patents know the licence from now on, for the rules of later listings and deals;
                // its term comes when its agreement takes effect (LicenceTookEffect).
                foreach (var patent in patents)
                {
                    session.Append(patent, new PatentLicenceGranted(deal.DealId, listing.State.Id!, deal.DealKind, granted.LicenseeOrganisationId, null, null));
                }

                return session.Append(listing, granted);
            case var answer:
                return session.Append(listing, answer);
        }
    }

    /// <summary>A licence agreement took effect: its licence is in force on the listing's patents for its term.</summary>
    public static async Task TakeEffect(EventSession session, Listing listing, LicenceTookEffect licence, CancellationToken cancellationToken)
    {
        if (!listing.Exists)
        {
            return;
        }

        var granted = new PatentLicenceGranted(licence.DealId, listing.Id!, licence.DealKind, licence.LicenseeOrganisationId, licence.StartsOn, licence.EndsOn);
        await PatentStreams.AppendToEach(session, listing.Terms!.PatentIds, patent =>
            patent.EndedLicences.Contains(licence.DealId)
            || (patent.Licences.TryGetValue(licence.DealId, out var known) && known.StartsOn == licence.StartsOn && known.EndsOn == licence.EndsOn)
                ? null
                : granted, cancellationToken);
    }

    /// <summary>
    /// A licence is no longer in force (its term ended, or its agreement was cancelled): the patents
    /// forget it, and a sold exclusive or sole licence listing, which held its patents while the
    /// licence ran, lets them go.
    /// </summary>
    public static async Task EndLicence(EventSession session, Listing listing, string dealId, string reason, CancellationToken cancellationToken)
    {
        if (!listing.Exists || !listing.Terms!.DealKind.IsLicence())
        {
            return;
        }

        var soldExclusively = listing is { Status: ListingStatus.Sold } && listing.ReservedForDeal == dealId && listing.Terms.DealKind.ExcludesOtherLicensees();
        foreach (var patent in await PatentStreams.Load(session, listing.Terms.PatentIds, cancellationToken))
        {
            var events = new List<object>();
            if (!patent.State.EndedLicences.Contains(dealId))
            {
                events.Add(new PatentLicenceEnded(dealId, reason));
            }

            if (soldExclusively && patent.State.ActiveListings.ContainsKey(listing.Id!))
            {
                events.Add(new PatentReleased(listing.Id!));
            }

            if (events.Count > 0)
            {
                session.Append(patent, events);
            }
        }
    }

    /// <summary>交割完成: the listing held by the deal is sold; after an assignment the buyer owns the patents.</summary>
    public static Task<Aggregate<Listing>> Complete(EventSession session, Aggregate<Listing> listing, ContractCompleted completed, DateTimeOffset now, CancellationToken cancellationToken) =>
        Apply(session, listing, DealDecisions.OnContractCompleted(listing.State, completed), now, cancellationToken);

    /// <summary>The agreement failed: the listing is public again (重新挂牌), or expires if its period is over.</summary>
    public static async Task<Aggregate<Listing>> Cancel(EventSession session, Aggregate<Listing> listing, ContractCancelled cancelled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A licence whose agreement failed is never in force, even if its deal or its taking effect is still on the way.
        await EndLicence(session, listing.State, cancelled.DealId, Contracts.Agreements.LicenceEnded.AgreementCancelled, cancellationToken);
        return await Apply(session, listing, DealDecisions.OnContractCancelled(listing.State, cancelled), now, cancellationToken);
    }

    private static async Task<Aggregate<Listing>> Apply(EventSession session, Aggregate<Listing> listing, object? decided, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = listing.State;
        switch (decided)
        {
            case null:
                return listing;
            case ListingSoldToBuyer sold:
                await ListingExpiry.Cancel(session, before, cancellationToken);
                if (before.Terms!.DealKind is DealKind.Assignment or DealKind.EquityContribution)
                {
                    await PatentStreams.AppendToEach(session, before.Terms.PatentIds,
                        patent => new PatentAssigned(before.Id!, sold.DealId, sold.BuyerOrganisationId, before.DisposesPledgeOf(patent)), cancellationToken);
                }
                else
                {
                    // An exclusive or sole licence keeps its patents held while it runs: they are let go
                    // when its term ends (LicenceEnded), or now if that news came first.
                    await PatentStreams.AppendToEach(session, before.Terms.PatentIds,
                        patent => patent.EndedLicences.Contains(sold.DealId) && patent.ActiveListings.ContainsKey(before.Id!) ? new PatentReleased(before.Id!) : null,
                        cancellationToken);
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

/// <summary>A licence agreement took effect: the licence is in force on the listing's patents for its term.</summary>
public sealed class LicenceTookEffectConsumer(EventStore.EventStore store) : IConsumer<LicenceTookEffect>
{
    public Task Consume(ConsumeContext<LicenceTookEffect> context) =>
        store.HandleOnce(context, "listing-licence-took-effect", async session =>
        {
            var listing = await session.LoadExclusive<Listing>(Listing.StreamId(context.Message.ListingId), context.CancellationToken);
            await DealOutcomes.TakeEffect(session, listing.State, context.Message, context.CancellationToken);
        });
}

/// <summary>A licence ended (its term, from the Contract service's durable timer, or a cancellation): its patents are free of it.</summary>
public sealed class LicenceEndedConsumer(EventStore.EventStore store) : IConsumer<LicenceEnded>
{
    public Task Consume(ConsumeContext<LicenceEnded> context) =>
        store.HandleOnce(context, "listing-licence-ended", async session =>
        {
            var listing = await session.LoadExclusive<Listing>(Listing.StreamId(context.Message.ListingId), context.CancellationToken);
            await DealOutcomes.EndLicence(session, listing.State, context.Message.DealId, context.Message.Reason, context.CancellationToken);
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
