using IpExchange.Contract.Agreements;
using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Messaging;
using Marten;
using MassTransit;

namespace IpExchange.Contract.Catalogue;

/// <summary>
/// A listing as the agreement's text needs it: title, owner, patents, the licence it offers and the
/// appraisal report it rests on (a Marten document under the listing's id).
/// </summary>
public sealed record KnownListing(
    string ListingId, string OwnerOrganisationId, string OwnerName, string Title, IReadOnlyList<AgreementPatent> Patents,
    LicenceTerms? Licence = null, AppraisalReport? Appraisal = null);

/// <summary>
/// The listings this service learned from events. DealStruck carries only ids; the text of an
/// agreement names the patents, so the Contract service keeps what ListingPublished told it (never
/// reading the Listing service's database). The parties' names come from the members
/// (IpExchange.Members).
/// <para>
/// Messages arrive in any order, so each document carries, as its Marten numeric revision, the time
/// of the fact it holds (publication) in ticks, and is written with
/// <c>TryUpdateRevision</c>: PostgreSQL keeps whichever is newer in the upsert itself, and an older
/// fact arriving late changes nothing, without a lock and without failing a racing writer.
/// </para>
/// </summary>
public static class ListingCatalogue
{
    public static void Register(StoreOptions options) =>
        options.Schema.For<KnownListing>().Identity(x => x.ListingId).UseNumericRevisions(true);

    public static Task<KnownListing?> Find(EventSession session, string listingId, CancellationToken cancellationToken) =>
        session.Marten.LoadAsync<KnownListing>(listingId, cancellationToken);

    /// <summary>Remembers a listing as published at <paramref name="publishedAt"/>, unless a later publication is known.</summary>
    public static void Remember(EventSession session, KnownListing listing, DateTimeOffset publishedAt) =>
        session.Marten.TryUpdateRevision(listing, publishedAt.UtcTicks);
}

/// <summary>Learns listings from ListingPublished.</summary>
public sealed class ListingPublishedConsumer(EventStore.EventStore store) : IConsumer<ListingPublished>
{
    public Task Consume(ConsumeContext<ListingPublished> context) =>
        store.HandleOnce(context, "contract-listing-published", session =>
        {
            var l = context.Message;
            var patents = l.Patents.Select(p => new AgreementPatent(p.ApplicationNumber, p.Title, p.Type, p.ExpiresOn)).ToList();
            ListingCatalogue.Remember(session, new KnownListing(l.ListingId, l.OwnerOrganisationId, l.OwnerOrganisationName, l.Title, patents, l.Licence, l.Appraisal),
                l.PublishedAt);
            return Task.CompletedTask;
        });
}
