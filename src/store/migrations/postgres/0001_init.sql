-- keywarden schema v1 (PostgreSQL). Times are timestamptz; JSON arrays
-- are stored as TEXT, as in SQLite, so both stores read the same way.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings (name, value) VALUES ('prefix', 'kw'), ('bcrypt_cost', '12');

CREATE TABLE keys (
    id                 TEXT PRIMARY KEY,            -- 12 base62 chars, public
    prefix             TEXT NOT NULL,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('client', 'service')),
    token_hash         TEXT NOT NULL,               -- bcrypt of the whole token
    scopes             TEXT NOT NULL,               -- JSON array of scope paths
    abilities          TEXT NOT NULL,               -- JSON array
    tools              TEXT,                        -- JSON array allow-list, NULL = none
    note               TEXT,
    rate_limit_per_min BIGINT CHECK (rate_limit_per_min > 0),
    created_at         TIMESTAMPTZ NOT NULL,
    created_by         TEXT NOT NULL,
    expires_at         TIMESTAMPTZ,
    expires_in_secs    BIGINT,                     -- relative expiry, kept for rotate
    last_used_at       TIMESTAMPTZ,
    revoked_at         TIMESTAMPTZ,
    revoked_reason     TEXT,
    rotated_from       TEXT REFERENCES keys (id),
    rl_window          BIGINT NOT NULL DEFAULT 0,  -- rate limit: current minute
    rl_count           BIGINT NOT NULL DEFAULT 0   -- and requests in it
);
CREATE INDEX keys_name ON keys (name);

CREATE TABLE abilities (
    name        TEXT PRIMARY KEY,
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL
);

CREATE TABLE tools (
    name       TEXT PRIMARY KEY,
    ability    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE credentials (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('oauth_access_token', 'oauth_refresh_token',
                                             'db_password', 'api_credential', 'connection_string')),
    scope      TEXT,
    ciphertext TEXT NOT NULL,                       -- kw1:KID:base64url(iv || ct || tag)
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
) WITH (fillfactor = 80);  -- room on each page for HOT updates: a rekey rewrites every row

CREATE TABLE audit_events (
    id         BIGINT PRIMARY KEY,                  -- chain order, no gaps
    ts         TIMESTAMPTZ NOT NULL,                    -- never decreases with id
    actor      TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    action     TEXT NOT NULL,
    key_id     TEXT,
    subject    TEXT,
    tool       TEXT,
    status     BIGINT,
    details    TEXT NOT NULL,                       -- JSON object
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_events_key_ts ON audit_events (key_id, ts, id);
CREATE INDEX audit_events_ts ON audit_events (ts, id);
CREATE INDEX audit_events_action_ts ON audit_events (action, ts);

-- The end of the chain: appends lock it, so concurrent writers never fork.
CREATE TABLE audit_head (
    one       BIGINT PRIMARY KEY CHECK (one = 1),
    last_id   BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    last_ts   TIMESTAMPTZ NOT NULL
);
INSERT INTO audit_head (one, last_id, last_hash, last_ts)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 'epoch');

-- Left by `audit prune`: the chain resumes after through_id.
CREATE TABLE audit_checkpoints (
    through_id   BIGINT PRIMARY KEY,
    through_hash TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    pruned       BIGINT NOT NULL
);
