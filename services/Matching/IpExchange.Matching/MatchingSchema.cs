using IpExchange.EventStore;

namespace IpExchange.Matching;

/// <summary>The Matching service's read models, in its own schema.</summary>
public static class MatchingSchema
{
    public const string Name = "matching";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        // What the Listing service published, kept from its events only (this service never reads
        // the Listing schema). The reserve price stays here for auctions and is never returned.
        new("0100_catalogue", """
            CREATE TABLE {schema}.catalogue (
                listing_id        text PRIMARY KEY,
                owner_org         text NOT NULL,
                owner_name        text NOT NULL,
                region            text,
                title             text NOT NULL,
                title_en          text,
                summary           text NOT NULL,
                deal_kind         text NOT NULL,
                pricing_method    text NOT NULL,
                trading_mode      text NOT NULL,
                asking_price      numeric(16,2) NOT NULL,
                reserve_price     numeric(16,2),
                open_licence_fee  numeric(16,2),
                directed_to       text,
                alliance_id       text,
                alliance_members  text[] NOT NULL,
                listed_until      timestamptz NOT NULL,
                ipc_codes         text[] NOT NULL,
                terms             text[] NOT NULL,
                status            text NOT NULL,
                published_at      timestamptz NOT NULL,
                updated_at        timestamptz NOT NULL
            );
            CREATE INDEX catalogue_status ON {schema}.catalogue (status);
            """),
        new("0101_demands", """
            CREATE TABLE {schema}.demands (
                id           text PRIMARY KEY,
                owner_org    text NOT NULL,
                owner_name   text NOT NULL,
                title        text NOT NULL,
                description  text NOT NULL,
                ipc_codes    text[] NOT NULL,
                budget_min   numeric(16,2),
                budget_max   numeric(16,2),
                deal_kinds   text[] NOT NULL,
                region       text,
                deadline     date NOT NULL,
                terms        text[] NOT NULL,
                status       text NOT NULL,
                version      bigint NOT NULL,
                created_at   timestamptz NOT NULL,
                updated_at   timestamptz NOT NULL
            );
            CREATE INDEX demands_owner ON {schema}.demands (owner_org, updated_at DESC);
            CREATE INDEX demands_status ON {schema}.demands (status);
            """),
        // Strong matches already announced, so that a pair is announced once.
        new("0102_strong_matches", """
            CREATE TABLE {schema}.strong_matches (
                demand_id   text NOT NULL,
                listing_id  text NOT NULL,
                score       double precision NOT NULL,
                found_at    timestamptz NOT NULL,
                PRIMARY KEY (demand_id, listing_id)
            );
            """),
        // At most one auction that has not ended per listing; the key makes racing schedules fail cleanly.
        new("0103_open_auctions", "CREATE TABLE {schema}.open_auctions (listing_id text PRIMARY KEY, auction_id text NOT NULL UNIQUE)"),
        // Acceptances at the listed price: an exclusive listing is taken once (the key on the listing
        // alone), a licence once per licensee.
        new("0104_acceptances", """
            CREATE TABLE {schema}.acceptances (
                deal_id      text PRIMARY KEY,
                listing_id   text NOT NULL,
                buyer_org    text NOT NULL,
                exclusive    boolean NOT NULL,
                price        numeric(16,2) NOT NULL,
                accepted_at  timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX acceptances_exclusive ON {schema}.acceptances (listing_id) WHERE exclusive;
            CREATE UNIQUE INDEX acceptances_licensee ON {schema}.acceptances (listing_id, buyer_org);
            """),
        // Every deal struck here, whatever the route (replaces 0104's acceptances, which it takes
        // over). An exclusive listing is held by one live deal; a licence once per licensee; a
        // refused or released deal holds nothing.
        new("0105_deals", """
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
            INSERT INTO {schema}.deals
            SELECT a.deal_id, a.listing_id, c.owner_org, a.buyer_org, a.exclusive, a.price, c.deal_kind, c.trading_mode, c.pricing_method,
                   'listed-price', 'Struck', NULL, a.accepted_at, a.accepted_at
            FROM {schema}.acceptances a JOIN {schema}.catalogue c USING (listing_id);
            DROP TABLE {schema}.acceptances;
            """),
        // Negotiations (协议交易), one row per negotiation for the parties' lists; at most one open per buyer and listing.
        new("0106_negotiations", """
            CREATE TABLE {schema}.negotiations (
                id            text PRIMARY KEY,
                listing_id    text NOT NULL,
                listing_title text NOT NULL,
                seller_org    text NOT NULL,
                buyer_org     text NOT NULL,
                status        text NOT NULL,
                price         numeric(16,2) NOT NULL,
                offered_by    text NOT NULL,
                expires_at    timestamptz NOT NULL,
                offers        integer NOT NULL,
                version       bigint NOT NULL,
                updated_at    timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX negotiations_open ON {schema}.negotiations (listing_id, buyer_org) WHERE status = 'Open';
            CREATE INDEX negotiations_seller ON {schema}.negotiations (seller_org, updated_at DESC);
            CREATE INDEX negotiations_buyer ON {schema}.negotiations (buyer_org, updated_at DESC);
            """),
        // Competitive negotiations (竞争性谈判): at most one running per listing.
        new("0107_competitions", """
            CREATE TABLE {schema}.competitions (
                id           text PRIMARY KEY,
                listing_id   text NOT NULL,
                seller_org   text NOT NULL,
                status       text NOT NULL,
                deadline     timestamptz NOT NULL,
                updated_at   timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX competitions_running ON {schema}.competitions (listing_id) WHERE status IN ('Open', 'Closed');
            """),
    ];
}
