using IpExchange.EventStore;

namespace IpExchange.Monitoring;

/// <summary>
/// The cockpit's read models, in Monitoring's own schema. Every table here is a projection of the
/// facts in the event store and can be emptied and rebuilt from them (<see cref="ReadModelTables"/>).
/// </summary>
public static class MonitoringSchema
{
    public const string Name = "monitoring";

    /// <summary>The tables a rebuild empties and refills; nothing else lives only in them.</summary>
    public static readonly IReadOnlyList<string> ReadModelTables = ["listings", "listing_reviews", "deals", "deal_stage_times", "auction_bids", "auctions", "alerts"];

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new("0100_listings", """
            CREATE TABLE {schema}.listings (
                listing_id       text PRIMARY KEY,
                owner_org        text NOT NULL,
                owner_name       text NOT NULL,
                region           text,
                title            text NOT NULL,
                deal_kind        text NOT NULL,
                pricing_method   text NOT NULL,
                trading_mode     text NOT NULL,
                asking_price     numeric(16,2) NOT NULL,
                appraised_value  numeric(16,2),
                ipc_code         text,
                ipc_section      text,
                ipc_class        text,
                ipc_subclass     text,
                patent_type      text NOT NULL,
                patent_count     int NOT NULL,
                claims_count     int NOT NULL,
                expires_on       date NOT NULL,
                pledged          boolean NOT NULL,
                stage            text NOT NULL,
                stage_since      timestamptz NOT NULL,
                published_at     timestamptz NOT NULL,
                licence_count    int NOT NULL DEFAULT 0,
                message_id       uuid
            );
            CREATE INDEX listings_owner ON {schema}.listings (owner_org);
            """),
        new("0101_deals", """
            CREATE TABLE {schema}.deals (
                deal_id          text PRIMARY KEY,
                listing_id       text NOT NULL,
                agreement_id     text,
                seller_org       text NOT NULL,
                buyer_org        text NOT NULL,
                price            numeric(16,2) NOT NULL,
                deal_kind        text NOT NULL,
                trading_mode     text,
                pricing_method   text,
                stage            text NOT NULL,
                stage_rank       int NOT NULL,
                stage_since      timestamptz NOT NULL,
                struck_at        timestamptz,
                signing_deadline timestamptz,
                recorded_at      timestamptz,
                paid_amount      numeric(16,2) NOT NULL DEFAULT 0,
                outstanding      numeric(16,2),
                registered_at    timestamptz,
                completed_at     timestamptz,
                ended_reason     text,
                stuck            boolean NOT NULL DEFAULT false,
                stuck_reason     text,
                stuck_since      timestamptz
            );
            CREATE INDEX deals_listing ON {schema}.deals (listing_id);
            CREATE INDEX deals_seller ON {schema}.deals (seller_org);
            CREATE INDEX deals_buyer ON {schema}.deals (buyer_org);
            CREATE TABLE {schema}.deal_stage_times (
                deal_id     text NOT NULL,
                stage       text NOT NULL,
                entered_at  timestamptz NOT NULL,
                left_at     timestamptz,
                PRIMARY KEY (deal_id, stage)
            );
            """),
        new("0102_auctions", """
            CREATE TABLE {schema}.auction_bids (
                auction_id     text NOT NULL,
                listing_id     text NOT NULL,
                bidder_org     text NOT NULL,
                bidder_group   text,
                amount         numeric(16,2) NOT NULL,
                placed_at      timestamptz NOT NULL,
                message_id     uuid,
                seq            bigint NOT NULL PRIMARY KEY
            );
            CREATE INDEX auction_bids_auction ON {schema}.auction_bids (auction_id, placed_at);
            CREATE TABLE {schema}.auctions (
                auction_id  text PRIMARY KEY,
                listing_id  text NOT NULL,
                outcome     text,
                winner_org  text,
                price       numeric(16,2),
                bids        int NOT NULL DEFAULT 0,
                ended_at    timestamptz
            );
            CREATE INDEX auctions_listing ON {schema}.auctions (listing_id);
            """),
        new("0103_alerts", """
            CREATE TABLE {schema}.alerts (
                alert_id         text PRIMARY KEY,
                rule             text NOT NULL,
                deal_id          text,
                listing_id       text,
                auction_id       text,
                summary          text NOT NULL,
                evidence         jsonb NOT NULL,
                raised_at        timestamptz NOT NULL,
                status           text NOT NULL,
                acknowledged_by  text,
                acknowledged_at  timestamptz,
                resolved_by      text,
                resolved_at      timestamptz,
                resolution       text,
                version          bigint NOT NULL
            );
            CREATE INDEX alerts_status ON {schema}.alerts (status, raised_at DESC);
            CREATE INDEX alerts_deal ON {schema}.alerts (deal_id);
            CREATE INDEX alerts_listing ON {schema}.alerts (listing_id);
            """),
        // The exchange's review (审核) before a listing goes public: submitted, rejected, approved.
        new("0104_listing_reviews", """
            CREATE TABLE {schema}.listing_reviews (
                listing_id    text PRIMARY KEY,
                owner_org     text NOT NULL,
                owner_name    text NOT NULL,
                region        text,
                title         text NOT NULL,
                deal_kind     text NOT NULL,
                asking_price  numeric(16,2) NOT NULL,
                ipc_section   text,
                stage         text NOT NULL,
                submitted_at  timestamptz NOT NULL,
                reviewed_at   timestamptz,
                rejections    int NOT NULL DEFAULT 0,
                reasons       text[]
            );
            """),
    ];
}
