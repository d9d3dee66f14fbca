namespace IpExchange.EventStore;

/// <summary>The store's own tables and functions, created in each service's schema.</summary>
internal static class StoreSchema
{
    public static readonly Migration Core = new("0000_event_store", """
        CREATE TABLE {schema}.streams (
            id          text PRIMARY KEY,
            type        text NOT NULL,
            version     bigint NOT NULL,
            head_hash   bytea,
            created_at  timestamptz NOT NULL,
            updated_at  timestamptz NOT NULL
        );

        CREATE TABLE {schema}.events (
            seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            stream_id   text NOT NULL,
            version     bigint NOT NULL,
            type        text NOT NULL,
            data        jsonb NOT NULL,
            metadata    jsonb NOT NULL,
            created_at  timestamptz NOT NULL,
            hash        bytea NOT NULL,
            CONSTRAINT events_stream_version UNIQUE (stream_id, version)
        );
        CREATE INDEX events_correlation ON {schema}.events ((metadata->>'correlationId'));

        -- Integration messages waiting for the relay. A row is deleted once the broker confirmed it.
        CREATE TABLE {schema}.outbox (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            message_id      uuid NOT NULL UNIQUE,
            stream_id       text,
            message_type    text NOT NULL,
            body            jsonb NOT NULL,
            headers         jsonb NOT NULL,
            created_at      timestamptz NOT NULL,
            attempts        int NOT NULL DEFAULT 0,
            next_attempt_at timestamptz,
            last_error      text
        );
        CREATE INDEX outbox_backoff ON {schema}.outbox (stream_id, id) WHERE next_attempt_at IS NOT NULL;

        -- Messages a consumer has handled, written in the same transaction as the handling's effects.
        CREATE TABLE {schema}.inbox (
            consumer    text NOT NULL,
            message_id  uuid NOT NULL,
            handled_at  timestamptz NOT NULL,
            PRIMARY KEY (consumer, message_id)
        );

        -- The link of the chain: SHA-256 over the previous event's hash and this event's content.
        -- jsonb's text form is canonical (keys ordered, one spacing), so the same stored row always
        -- gives the same bytes; append and verify both call this one function.
        CREATE FUNCTION {schema}.event_hash(
            p_prev bytea, p_stream text, p_version bigint, p_type text,
            p_data jsonb, p_metadata jsonb, p_created_at timestamptz)
        RETURNS bytea LANGUAGE sql STABLE AS $$
            SELECT sha256(coalesce(p_prev, '\x'::bytea) || convert_to(
                p_stream || '|' || p_version::text || '|' || p_type || '|' ||
                to_char(p_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' ||
                p_data::text || '|' || p_metadata::text, 'UTF8'))
        $$;

        -- Appends events to one stream in one round trip. The stream row is the lock: a second writer
        -- with the same expected version waits for the first to commit, then sees the new version
        -- and fails with SQLSTATE IPX01, which the client maps to ConcurrencyException.
        CREATE FUNCTION {schema}.append_events(
            p_stream text, p_stream_type text, p_expected bigint,
            p_types text[], p_data jsonb[], p_metadata jsonb[], p_created_at timestamptz)
        RETURNS TABLE (seq bigint, version bigint, hash bytea) LANGUAGE plpgsql AS $$
        #variable_conflict use_column
        DECLARE
            v_version bigint;
            v_hash bytea;
            i int;
        BEGIN
            IF p_expected <= 0 THEN
                INSERT INTO {schema}.streams (id, type, version, head_hash, created_at, updated_at)
                VALUES (p_stream, p_stream_type, 0, NULL, p_created_at, p_created_at)
                ON CONFLICT (id) DO NOTHING;
            END IF;

            SELECT s.version, s.head_hash INTO v_version, v_hash
            FROM {schema}.streams s WHERE s.id = p_stream FOR UPDATE;

            IF v_version IS NULL OR (p_expected >= 0 AND v_version <> p_expected) THEN
                RAISE EXCEPTION USING ERRCODE = 'IPX01',
                    MESSAGE = format('stream %s is at version %s, expected %s', p_stream, coalesce(v_version, 0), p_expected),
                    HINT = coalesce(v_version, 0)::text; -- the hint: Npgsql redacts DETAIL
            END IF;

            FOR i IN 1 .. coalesce(array_length(p_types, 1), 0) LOOP
                v_version := v_version + 1;
                v_hash := {schema}.event_hash(v_hash, p_stream, v_version, p_types[i], p_data[i], p_metadata[i], p_created_at);
                INSERT INTO {schema}.events AS e (stream_id, version, type, data, metadata, created_at, hash)
                VALUES (p_stream, v_version, p_types[i], p_data[i], p_metadata[i], p_created_at, v_hash)
                RETURNING e.seq, e.version, e.hash INTO seq, version, hash;
                RETURN NEXT;
            END LOOP;

            UPDATE {schema}.streams s SET version = v_version, head_hash = v_hash, updated_at = p_created_at
            WHERE s.id = p_stream;
        END
        $$;
        """);

    /// <summary>
    /// The hash function in PL/pgSQL: a LANGUAGE sql function called from the append function is
    /// planned again in every transaction, a PL/pgSQL one keeps its plan for the session. Same
    /// bytes hashed, so existing chains still verify.
    /// </summary>
    public static readonly Migration HashInPlpgsql = new("0002_event_hash_plpgsql", """
        CREATE OR REPLACE FUNCTION {schema}.event_hash(
            p_prev bytea, p_stream text, p_version bigint, p_type text,
            p_data jsonb, p_metadata jsonb, p_created_at timestamptz)
        RETURNS bytea LANGUAGE plpgsql STABLE AS $$
        BEGIN
            RETURN sha256(coalesce(p_prev, '\x'::bytea) || convert_to(
                p_stream || '|' || p_version::text || '|' || p_type || '|' ||
                to_char(p_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' ||
                p_data::text || '|' || p_metadata::text, 'UTF8'));
        END
        $$;
        """);

    /// <summary>Durable timers: deadlines that fire even if the service restarted in between.</summary>
    public static readonly Migration Timers = new("0001_timers", """
        CREATE TABLE {schema}.timers (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind        text NOT NULL,
            key         text NOT NULL,
            due_at      timestamptz NOT NULL,
            payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
            attempts    int NOT NULL DEFAULT 0,
            last_error  text,
            CONSTRAINT timers_kind_key UNIQUE (kind, key)
        );
        CREATE INDEX timers_due ON {schema}.timers (due_at);
        """);
}
