using IpExchange.EventStore;

namespace IpExchange.Contract;

/// <summary>The Contract service's read models, in its own schema.</summary>
public static class ContractSchema
{
    public const string Name = "contract";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        // What the Listing service published about its listings (never read from its database):
        // the patents and the owner's name that the agreement's text needs.
        new("0100_catalogue", """
            CREATE TABLE {schema}.known_listings (
                listing_id    text PRIMARY KEY,
                owner_org     text NOT NULL,
                owner_name    text NOT NULL,
                title         text NOT NULL,
                patents       jsonb NOT NULL,
                published_at  timestamptz NOT NULL
            );
            CREATE TABLE {schema}.organisations (
                id          text PRIMARY KEY,
                name        text NOT NULL,
                updated_at  timestamptz NOT NULL
            );
            """),
        new("0101_agreements", """
            CREATE TABLE {schema}.agreements (
                id                text PRIMARY KEY,
                deal_id           text NOT NULL,
                listing_id        text NOT NULL,
                listing_title     text NOT NULL,
                seller_org        text NOT NULL,
                seller_name       text NOT NULL,
                buyer_org         text NOT NULL,
                buyer_name        text NOT NULL,
                deal_kind         text NOT NULL,
                price             numeric(16,2) NOT NULL,
                status            text NOT NULL,
                revision          int NOT NULL,
                content_hash      text NOT NULL,
                signed_by         text[] NOT NULL DEFAULT '{}',
                signing_deadline  timestamptz NOT NULL,
                record_number     text,
                drafted_at        timestamptz NOT NULL,
                updated_at        timestamptz NOT NULL,
                version           bigint NOT NULL
            );
            CREATE INDEX agreements_seller ON {schema}.agreements (seller_org, updated_at DESC);
            CREATE INDEX agreements_buyer ON {schema}.agreements (buyer_org, updated_at DESC);
            CREATE INDEX agreements_status ON {schema}.agreements (status, updated_at DESC);
            """),
    ];
}
