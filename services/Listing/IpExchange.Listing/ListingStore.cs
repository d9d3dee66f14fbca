using IpExchange.EventStore;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Patents;
using IpExchange.Members;
using JasperFx.Events.Projections;

namespace IpExchange.Listing;

/// <summary>What the Listing service keeps in its event store, for the service and for whatever else opens that store (tests, tools).</summary>
public static class ListingStore
{
    public static void Configure(EventStoreBuilder store) => store
        .Events(ListingEvents.All)
        .Aggregate<Listings.Listing>().Aggregate<Patent>()
        .Marten(options =>
        {
            // Both inline: a patent is listed, and a listing found, straight after the command that changed it.
            options.Projections.Add(new OwnedPatentProjection(), ProjectionLifecycle.Inline);
            options.Schema.For<OwnedPatent>().Index(p => p.OwnerOrganisationId);
            options.Projections.Add(new ListingSearchProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline);
            MemberDirectory.Register(options);
        })
        .Tables(ListingSchema.Migrations)
        .IntegrationEvents<ListingIntegrationEvents>();
}
