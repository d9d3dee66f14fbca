using IpExchange.EventStore;
using IpExchange.Monitoring.Alerts;
using IpExchange.Monitoring.Live;
using IpExchange.Members;
using IpExchange.Monitoring.Pipeline;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace IpExchange.Monitoring;

/// <summary>
/// What Monitoring's store holds: the facts it hears and its own findings and alerts as events,
/// and the cockpit's documents as Marten projections of them. Deals, listings and auctions are
/// folded by Marten's async daemon (the figures may lag the facts by a moment); an alert is folded
/// inline, because staff read it back right after acknowledging or resolving it. Every document is
/// rebuilt from the events through Marten (<see cref="Rebuilding.ReadModelRebuild"/>).
/// </summary>
public static class MonitoringStore
{
    public const string Schema = "monitoring";

    /// <summary>The projections a rebuild replays, in this order.</summary>
    public static readonly IReadOnlyList<Type> Projections = [typeof(ListingViewProjection), typeof(DealViewProjection), typeof(AuctionViewProjection), typeof(AlertViewProjection), typeof(Financing.LoanViewProjection)];

    public static void Configure(EventStoreBuilder store) => store
        .Events(Facts.Facts.Stored)
        .Aggregate<Alert>()
        .Marten(Documents)
        .IntegrationEvents<MonitoringIntegrationEvents>()
        .AsyncProjections();

    private static void Documents(StoreOptions options, IServiceProvider services)
    {
        options.Projections.Add(new ListingViewProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new DealViewProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new AuctionViewProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new AlertViewProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new Financing.LoanViewProjection(), ProjectionLifecycle.Async);
        MemberDirectory.Register(options);

        // Each document's table is mt_doc_ + its alias (mt_doc_deal, mt_doc_listing, ...), which the figures'
        // SQL names; the duplicated columns beside the JSON are what it filters, groups and joins on
        // (CockpitFigures, Comparables).
        options.Schema.For<DealView>().DocumentAlias("deal")
            .Duplicate(d => d.ListingId!).Duplicate(d => d.SellerOrganisationId!).Duplicate(d => d.BuyerOrganisationId!)
            .Duplicate(d => d.Stage!).Duplicate(d => d.Price).Duplicate(d => d.DealKind!).Duplicate(d => d.CountedAt!)
            .Duplicate(d => d.Stuck).Duplicate(d => d.CompletedAt!);
        options.Schema.For<ListingView>().DocumentAlias("listing")
            .Duplicate(l => l.ListingId).Duplicate(l => l.PublishedAt!).Duplicate(l => l.Stage!).Duplicate(l => l.AskingPrice)
            .Duplicate(l => l.Region!).Duplicate(l => l.IpcSection!).Duplicate(l => l.IpcClass!).Duplicate(l => l.IpcSubclass!)
            .Duplicate(l => l.OwnerOrganisationId!).Duplicate(l => l.OwnerName!).Duplicate(l => l.PatentType!)
            .Duplicate(l => l.ReviewStage!).Duplicate(l => l.SubmittedAt!).Duplicate(l => l.ReviewAskingPrice!)
            .Duplicate(l => l.Status!).Duplicate(l => l.CountedAt!).Duplicate(l => l.StatusAmount);
        options.Schema.For<Financing.LoanView>().DocumentAlias("loan");
        options.Schema.For<AuctionView>().DocumentAlias("auction").Duplicate(a => a.ListingId!);
        options.Schema.For<AlertView>().DocumentAlias("alert")
            .Duplicate(a => a.Status).Duplicate(a => a.RaisedAt).Duplicate(a => a.DealId!).Duplicate(a => a.ListingId!);

        // The live feed hears when the daemon committed new figures, on every replica (a store made
        // outside dependency injection, for a tool, has no feed to tell).
        if (services.GetService<NpgsqlDataSource>() is { } dataSource)
        {
            options.Projections.AsyncListeners.Add(new CockpitChangeNotice(dataSource, options.DatabaseSchemaName));
        }
    }
}
