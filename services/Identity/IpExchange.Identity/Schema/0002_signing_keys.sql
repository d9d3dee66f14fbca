-- The OpenID Connect server's signing ('sig') and encryption ('enc') keys: self-signed X.509
-- certificates as PKCS#12, protected by the Identity:KeyPassword secret. Rows are never changed
-- except retired_at (KeyRing.cs says when keys are made, published, used and retired).
CREATE TABLE {schema}.oidc_keys (
    id          uuid PRIMARY KEY,
    use         text NOT NULL CHECK (use IN ('sig', 'enc')),
    pkcs12      bytea NOT NULL,
    not_before  timestamptz NOT NULL,
    not_after   timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);
CREATE INDEX oidc_keys_live ON {schema}.oidc_keys (use, not_after) WHERE retired_at IS NULL;
