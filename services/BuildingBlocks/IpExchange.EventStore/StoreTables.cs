namespace IpExchange.EventStore;

/// <summary>
/// What the project adds to Marten's tables in each service's schema: the outbox, the inbox, the
/// durable timers and the hash chain over <c>mt_events</c>. Run at every start, after Marten has
/// applied its own schema; every statement is idempotent, so a table Marten rebuilds gets its
/// trigger back.
/// </summary>
internal static class StoreTables
{
    public const string Sql = """
        -- Integration messages waiting for the relay, written in the append's transaction. A row is
        -- deleted once the broker confirmed it.
        CREATE TABLE IF NOT EXISTS {schema}.outbox (
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
        CREATE INDEX IF NOT EXISTS outbox_backoff ON {schema}.outbox (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
        -- The W3C trace context of the unit of work that wrote the row (traceparent, tracestate): the
        -- relay publishes inside it, so the publish and every consumer join the request's trace.
        ALTER TABLE {schema}.outbox ADD COLUMN IF NOT EXISTS trace_parent text;
        ALTER TABLE {schema}.outbox ADD COLUMN IF NOT EXISTS trace_state text;

        -- Messages a consumer has handled, written in the same transaction as the handling's effects.
        CREATE TABLE IF NOT EXISTS {schema}.inbox (
            consumer    text NOT NULL,
            message_id  uuid NOT NULL,
            handled_at  timestamptz NOT NULL,
            CONSTRAINT inbox_pkey PRIMARY KEY (consumer, message_id)
        );

        -- Durable deadlines (an auction's close, a signing deadline, a redelivery).
        CREATE TABLE IF NOT EXISTS {schema}.timers (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            kind        text NOT NULL,
            key         text NOT NULL,
            due_at      timestamptz NOT NULL,
            payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
            attempts    int NOT NULL DEFAULT 0,
            last_error  text,
            CONSTRAINT timers_kind_key UNIQUE (kind, key)
        );
        CREATE INDEX IF NOT EXISTS timers_due ON {schema}.timers (due_at);
        -- The trace context of whoever scheduled (or last moved) the timer: its firing continues that
        -- trace, so a bid that extends an auction's close is in the trace of the deal the close strikes.
        ALTER TABLE {schema}.timers ADD COLUMN IF NOT EXISTS trace_parent text;
        ALTER TABLE {schema}.timers ADD COLUMN IF NOT EXISTS trace_state text;

        -- 存证: one link per event, SHA-256 over the previous link of its stream and the event's own
        -- content as stored (jsonb's text form is canonical, so the same row always gives the same
        -- bytes). Kept beside mt_events, whose columns are Marten's.
        CREATE TABLE IF NOT EXISTS {schema}.event_hashes (
            seq_id      bigint PRIMARY KEY,
            stream_id   text NOT NULL,
            version     bigint NOT NULL,
            hash        bytea NOT NULL,
            CONSTRAINT event_hashes_stream_version UNIQUE (stream_id, version)
        );

        CREATE OR REPLACE FUNCTION {schema}.event_hash(
            p_prev bytea, p_stream text, p_version bigint, p_type text, p_at timestamptz, p_data jsonb,
            p_correlation text, p_causation text, p_user text, p_headers jsonb)
        RETURNS bytea LANGUAGE plpgsql STABLE AS $$
        BEGIN
            RETURN sha256(coalesce(p_prev, '\x'::bytea) || convert_to(concat_ws('|',
                p_stream, p_version::text, p_type,
                to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                p_data::text, coalesce(p_correlation, ''), coalesce(p_causation, ''),
                coalesce(p_user, ''), coalesce(p_headers::text, '')), 'UTF8'));
        END
        $$;

        -- Runs in the append's own statement: a rolled-back append leaves no link, and two appends
        -- racing on one stream cannot both commit (Marten's unique stream version).
        CREATE OR REPLACE FUNCTION {schema}.chain_event() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            v_prev bytea;
        BEGIN
            SELECT h.hash INTO v_prev FROM {schema}.event_hashes h
            WHERE h.stream_id = NEW.stream_id AND h.version = NEW.version - 1;
            INSERT INTO {schema}.event_hashes (seq_id, stream_id, version, hash)
            VALUES (NEW.seq_id, NEW.stream_id, NEW.version, {schema}.event_hash(v_prev, NEW.stream_id, NEW.version,
                NEW.type, NEW.timestamp, NEW.data, NEW.correlation_id, NEW.causation_id, NEW.user_name, NEW.headers));
            RETURN NEW;
        END
        $$;

        DROP TRIGGER IF EXISTS chain_event ON {schema}.mt_events;
        CREATE TRIGGER chain_event BEFORE INSERT ON {schema}.mt_events FOR EACH ROW EXECUTE FUNCTION {schema}.chain_event();

        CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        """;

    /// <summary>The hand-written store of earlier versions kept its events here; Marten keeps them in mt_events.</summary>
    public const string PreviousStoreProbe = """
        SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = @schema AND table_name = 'events')
           AND NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = @schema AND table_name = 'mt_events')
        """;
}
