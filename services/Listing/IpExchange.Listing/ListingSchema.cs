using IpExchange.EventStore;

namespace IpExchange.Listing;

/// <summary>The Listing service's read models, in its own schema.</summary>
public static class ListingSchema
{
    public const string Name = "listing";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new("0100_patents", """
            CREATE TABLE {schema}.patents (
                id              text PRIMARY KEY,
                owner_org       text NOT NULL,
                owner_name      text NOT NULL,
                title           text NOT NULL,
                title_en        text,
                type            text NOT NULL,
                ipc_codes       text[] NOT NULL,
                filing_date     date NOT NULL,
                expires_on      date NOT NULL,
                legal_status    text NOT NULL,
                pledged         boolean NOT NULL,
                claims_count    int NOT NULL,
                active_listings int NOT NULL DEFAULT 0,
                registered_at   timestamptz NOT NULL,
                updated_at      timestamptz NOT NULL
            );
            CREATE INDEX patents_owner ON {schema}.patents (owner_org, registered_at DESC);
            """),
        new("0101_listings", """
            CREATE TABLE {schema}.listings (
                id                text PRIMARY KEY,
                owner_org         text NOT NULL,
                owner_name        text NOT NULL,
                region            text,
                status            text NOT NULL,
                title             text NOT NULL,
                title_en          text,
                summary           text NOT NULL,
                deal_kind         text NOT NULL,
                pricing_method    text NOT NULL,
                trading_mode      text NOT NULL,
                asking_price      numeric(16,2) NOT NULL,
                open_licence_fee  numeric(16,2),
                directed_to       text,
                alliance_id       text,
                alliance_members  text[] NOT NULL DEFAULT '{}',
                listed_from       date NOT NULL,
                listed_until      date NOT NULL,
                patent_ids        text[] NOT NULL,
                ipc_codes         text[] NOT NULL,
                search            tsvector NOT NULL,
                licence_count     int NOT NULL DEFAULT 0,
                version           bigint NOT NULL,
                created_at        timestamptz NOT NULL,
                updated_at        timestamptz NOT NULL,
                published_at      timestamptz
            );
            CREATE INDEX listings_search ON {schema}.listings USING gin (search);
            CREATE INDEX listings_ipc ON {schema}.listings USING gin (ipc_codes);
            CREATE INDEX listings_status ON {schema}.listings (status, published_at DESC);
            CREATE INDEX listings_owner ON {schema}.listings (owner_org, updated_at DESC);
            """),
    ];
}
