using IpExchange.Contracts.Listings;
using IpExchange.Matching.Matching;
using IpExchange.Messaging;
using MassTransit;

namespace IpExchange.Matching.Catalogue;

/// <summary>
/// Learns the public listings from the Listing service's events (never from its database): each
/// message is decided against the listing's catalogue stream and appended when it is news. Any
/// arrival order ends in the same state (the newest fact wins); two messages of one listing handled
/// at once race on the stream's version, and the loser is retried against the new state.
/// </summary>
public sealed class CatalogueConsumer(EventStore.EventStore store, MatchIndexHost index) :
    IConsumer<ListingPublished>, IConsumer<ListingWithdrawn>, IConsumer<ListingExpired>,
    IConsumer<ListingReserved>, IConsumer<ListingSold>, IConsumer<ListingReopened>
{
    public Task Consume(ConsumeContext<ListingPublished> context) =>
        store.HandleOnce(context, "matching-catalogue", async session =>
        {
            var l = context.Message;
            var known = await session.Load<CatalogueEntry>(CatalogueEntry.StreamId(l.ListingId), context.CancellationToken);
            var after = session.Append(known, CatalogueDecisions.Learn(known.State, l));
            if (after.Version > known.Version && after.State.IsPublic)
            {
                await StrongMatches.ForListing(session, store, index, after.State, context.CancellationToken);
            }
        });

    public Task Consume(ConsumeContext<ListingWithdrawn> context) => Status(context, context.Message.ListingId, "Withdrawn", context.Message.WithdrawnAt);

    public Task Consume(ConsumeContext<ListingExpired> context) => Status(context, context.Message.ListingId, "Expired", context.Message.ExpiredAt);

    public Task Consume(ConsumeContext<ListingReserved> context) => Status(context, context.Message.ListingId, "Reserved", context.Message.ReservedAt);

    public Task Consume(ConsumeContext<ListingSold> context) => Status(context, context.Message.ListingId, "Sold", context.Message.SoldAt);

    public Task Consume(ConsumeContext<ListingReopened> context) => Status(context, context.Message.ListingId, CatalogueEntry.Public, context.Message.ReopenedAt);

    private Task Status(ConsumeContext context, string listingId, string status, DateTimeOffset at) =>
        store.HandleOnce(context, "matching-catalogue", async session =>
        {
            var known = await session.Load<CatalogueEntry>(CatalogueEntry.StreamId(listingId), context.CancellationToken);
            session.Append(known, CatalogueDecisions.Learn(known.State, listingId, status, at));
        });
}
