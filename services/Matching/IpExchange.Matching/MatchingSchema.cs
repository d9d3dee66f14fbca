using IpExchange.EventStore;
using IpExchange.Matching.Auctions;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Competitions;
using IpExchange.Matching.Demands;
using IpExchange.Matching.Negotiations;
using IpExchange.Matching.Offers;
using IpExchange.Members;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace IpExchange.Matching;

/// <summary>What the Matching service stores in its own schema: its events, its Marten read models, its two SQL tables.</summary>
public static class MatchingSchema
{
    public const string Name = "matching";

    public static readonly IReadOnlyList<Type> Events =
    [
        typeof(DemandPosted), typeof(DemandEdited), typeof(DemandClosed),
        typeof(AuctionScheduled), typeof(AuctionStarted), typeof(BidderRegistered), typeof(BidPlaced), typeof(AuctionClosed), typeof(DepositReleased),
        typeof(NegotiationOpened), typeof(OfferCountered), typeof(OfferAccepted), typeof(OfferRejected), typeof(OfferLapsed),
        typeof(CompetitionOpened), typeof(SealedOfferSubmitted), typeof(SealedOfferWithdrawn), typeof(SubmissionsClosed),
        typeof(CompetitionAwarded), typeof(CompetitionEnded),
        typeof(ListingCatalogued), typeof(CatalogueStatusChanged),
        typeof(ListingAccepted),
    ];

    /// <summary>
    /// The read models, all Marten documents kept by inline projections: each is read straight after
    /// the command that changes it (a listing's deal after its publication, a list after a move), or
    /// carries a key that must hold when the command commits.
    /// </summary>
    public static void ReadModels(StoreOptions options)
    {
        options.Projections.Add(new CatalogueProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new DemandProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new NegotiationProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new CompetitionProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new OpenAuctionProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new AuctionNoticeProjection(), ProjectionLifecycle.Inline);
        MemberDirectory.Register(options);

        options.Schema.For<CatalogueEntry>().DocumentAlias("catalogue");
        options.Schema.For<DemandSummary>().DocumentAlias("demands").Index(x => x.OwnerOrganisationId);
        options.Schema.For<NegotiationRow>().DocumentAlias("negotiations").Index([x => x.ListingId, x => x.BuyerOrganisationId], index =>
        {
            index.IsUnique = true;
            index.Name = NegotiationRow.OneOpenPerBuyer;
            index.Predicate = "data ->> 'status' = 'Open'";
        });
        options.Schema.For<CompetitionRow>().DocumentAlias("competitions").Index(x => x.ListingId, index =>
        {
            index.IsUnique = true;
            index.Name = CompetitionRow.OneRunningPerListing;
            // As PostgreSQL prints it back, or Weasel sees a change and rebuilds the index at every start.
            index.Predicate = "(data ->> 'status') = ANY (ARRAY['Open'::text, 'Closed'::text])";
        });
        options.Schema.For<OpenAuction>().DocumentAlias("open_auctions").UniqueIndex(OpenAuction.OnePerListing, x => x.ListingId);
        options.Schema.For<AuctionNotice>().DocumentAlias("auction_notices").Index(x => x.ListingId).Index(x => x.Status);
    }

    /// <summary>The tables Marten does not fit (each says why in its owner: <see cref="Matching.StrongMatches"/>, <see cref="Deals.DealBook"/>, <see cref="Matching.MatchIndexHost"/>).</summary>
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        // Strong matches already announced, so that a pair is announced once.
        new("0100_strong_matches", """
            CREATE TABLE {schema}.strong_matches (
                demand_id   text NOT NULL,
                listing_id  text NOT NULL,
                score       double precision NOT NULL,
                found_at    timestamptz NOT NULL,
                PRIMARY KEY (demand_id, listing_id)
            );
            """),
        // Every deal struck here, whatever the route. An exclusive listing is held by one live deal;
        // a licence once per licensee; a refused or released deal holds nothing.
        new("0101_deals", """
            CREATE TABLE {schema}.deals (
                deal_id         text PRIMARY KEY,
                listing_id      text NOT NULL,
                seller_org      text NOT NULL,
                buyer_org       text NOT NULL,
                exclusive       boolean NOT NULL,
                price           numeric(16,2) NOT NULL,
                deal_kind       text NOT NULL,
                trading_mode    text NOT NULL,
                pricing_method  text NOT NULL,
                source          text NOT NULL,
                status          text NOT NULL,
                reason          text,
                struck_at       timestamptz NOT NULL,
                updated_at      timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX deals_exclusive ON {schema}.deals (listing_id) WHERE exclusive AND status IN ('Struck', 'Reserved', 'Completed');
            CREATE UNIQUE INDEX deals_licensee ON {schema}.deals (listing_id, buyer_org) WHERE NOT exclusive AND status IN ('Struck', 'Licensed', 'Completed');
            CREATE INDEX deals_seller ON {schema}.deals (seller_org, struck_at DESC);
            CREATE INDEX deals_buyer ON {schema}.deals (buyer_org, struck_at DESC);
            """),
        // The price an accepted amendment set, and when: a late older amendment never overwrites a newer one.
        new("0102_deals_amended_price", """
            ALTER TABLE {schema}.deals ADD COLUMN price_amended_at timestamptz;
            """),
        // Which catalogue and demand documents changed, in which transaction: written by triggers on
        // both document tables (MatchIndexHost makes them at start-up), read by every replica to keep
        // its match index in step. 'L' listing or 'D' demand, the document's id ('*': the table was
        // truncated). Kept an hour.
        new("0103_index_changes", """
            CREATE TABLE {schema}.index_changes (
                xid   xid8 NOT NULL,
                kind  text NOT NULL,
                id    text NOT NULL,
                at    timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX index_changes_xid ON {schema}.index_changes (xid);
            CREATE INDEX index_changes_at ON {schema}.index_changes (at);
            """),
    ];

    /// <summary>Whether <paramref name="e"/> (Marten wraps what PostgreSQL said) is a breach of the unique index <paramref name="index"/>.</summary>
    public static bool Violates(Exception e, string index)
    {
        for (var inner = (Exception?)e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } p && p.ConstraintName == index)
            {
                return true;
            }
        }

        return false;
    }
}
