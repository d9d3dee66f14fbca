using IpExchange.EventStore;

namespace IpExchange.Listing;

/// <summary>
/// The Listing service's own SQL, beside Marten's tables in its schema: only the listings' search
/// table (the patents' list is a Marten document). Written by <see cref="Listings.ListingSearchProjection"/>.
/// </summary>
public static class ListingSchema
{
    public const string Name = "listing";

    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new("0200_listings_search", """
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
                -- Chinese bigrams and folded English words, made in C# (IpExchange.Text.SearchTerms):
                -- PostgreSQL has no Chinese parser. The weighted vector is derived from them here, so
                -- an edit sets the terms it changes and the owner's terms stay.
                title_terms       text NOT NULL,
                summary_terms     text NOT NULL,
                patent_terms      text NOT NULL,
                owner_terms       text NOT NULL,
                search            tsvector GENERATED ALWAYS AS (
                                      setweight(to_tsvector('simple', title_terms), 'A')
                                      || setweight(to_tsvector('simple', summary_terms), 'B')
                                      || setweight(to_tsvector('simple', patent_terms), 'C')
                                      || setweight(to_tsvector('simple', owner_terms), 'D')) STORED,
                licence_count     int NOT NULL DEFAULT 0,
                updated_at        timestamptz NOT NULL,
                published_at      timestamptz
            );
            CREATE INDEX listings_search ON {schema}.listings USING gin (search);
            CREATE INDEX listings_ipc ON {schema}.listings USING gin (ipc_codes);
            CREATE INDEX listings_status ON {schema}.listings (status, published_at DESC);
            CREATE INDEX listings_owner ON {schema}.listings (owner_org, updated_at DESC);
            """),
        // The analyzer's words instead of bigrams (issue 18): each field's words arrive as a tsvector
        // literal with its weight on every position (PostgreSQL keeps weights on positions only), and
        // the table joins them. Rows written before have no words: ListingSearchBackfill rebuilds them
        // through the projection at start-up.
        new("0201_listings_words", """
            ALTER TABLE {schema}.listings DROP COLUMN search;
            ALTER TABLE {schema}.listings DROP COLUMN title_terms, DROP COLUMN summary_terms, DROP COLUMN patent_terms, DROP COLUMN owner_terms;
            ALTER TABLE {schema}.listings
                ADD COLUMN keywords      text[] NOT NULL DEFAULT '{}',
                ADD COLUMN title_words   tsvector,
                ADD COLUMN summary_words tsvector,
                ADD COLUMN patent_words  tsvector,
                ADD COLUMN owner_words   tsvector;
            ALTER TABLE {schema}.listings ADD COLUMN search tsvector GENERATED ALWAYS AS (
                coalesce(title_words, ''::tsvector) || coalesce(summary_words, ''::tsvector)
                || coalesce(patent_words, ''::tsvector) || coalesce(owner_words, ''::tsvector)) STORED;
            CREATE INDEX listings_search ON {schema}.listings USING gin (search);
            """),
        // A search for a common word ("制备" is in more than half of all patents) visits every
        // matching row of the heap to count and order them; the GIN index answers the words
        // without reading the vectors. At 100,000 listings the wide rows (summary and word vectors
        // kept inline) made that 19,500 pages, a fresh backend's first touch of each one a page
        // fault. Out of line, uncompressed, they are read only for the page of results being ranked
        // (ts_rank over the candidates): the heap shrinks to about a third. The title's words stay
        // inline: every matching row's "words in the title" is checked for the order. Rows written
        // before are rewritten here once, so they take the new layout too.
        new("0202_listings_narrow_rows", """
            ALTER TABLE {schema}.listings SET (toast_tuple_target = 128);
            ALTER TABLE {schema}.listings
                ALTER COLUMN summary       SET STORAGE EXTERNAL,
                ALTER COLUMN summary_words SET STORAGE EXTERNAL,
                ALTER COLUMN patent_words  SET STORAGE EXTERNAL,
                ALTER COLUMN owner_words   SET STORAGE EXTERNAL,
                ALTER COLUMN search        SET STORAGE EXTERNAL,
                ALTER COLUMN title_words   SET STORAGE MAIN;
            UPDATE {schema}.listings SET summary = summary || '';
            """),
    ];
}
