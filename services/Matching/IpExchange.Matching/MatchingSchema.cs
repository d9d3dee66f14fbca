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
    ];
}
