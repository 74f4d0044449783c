-- keywarden schema v1 (SQLite). Times are INTEGER microseconds since the
-- Unix epoch, UTC. JSON arrays are stored as TEXT.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
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
    rate_limit_per_min INTEGER CHECK (rate_limit_per_min > 0),
    created_at         INTEGER NOT NULL,
    created_by         TEXT NOT NULL,
    expires_at         INTEGER,
    expires_in_secs    INTEGER,                     -- relative expiry, kept for rotate
    last_used_at       INTEGER,
    revoked_at         INTEGER,
    revoked_reason     TEXT,
    rotated_from       TEXT REFERENCES keys (id),
    rl_window          INTEGER NOT NULL DEFAULT 0,  -- rate limit: current minute
    rl_count           INTEGER NOT NULL DEFAULT 0   -- and requests in it
);
CREATE INDEX keys_name ON keys (name);

CREATE TABLE abilities (
    name        TEXT PRIMARY KEY,
    description TEXT,
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tools (
    name       TEXT PRIMARY KEY,
    ability    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE credentials (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('oauth_access_token', 'oauth_refresh_token',
                                             'db_password', 'api_credential', 'connection_string')),
    scope      TEXT,
    ciphertext TEXT NOT NULL,                       -- kw1:KID:base64url(iv || ct || tag)
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;  -- stored in id order: a rekey's keyset scan reads pages in sequence

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY,                 -- chain order, no gaps
    ts         INTEGER NOT NULL,                    -- never decreases with id
    actor      TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    action     TEXT NOT NULL,
    key_id     TEXT,
    subject    TEXT,
    tool       TEXT,
    status     INTEGER,
    details    TEXT NOT NULL,                       -- JSON object
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_events_key_ts ON audit_events (key_id, ts);
CREATE INDEX audit_events_ts ON audit_events (ts);
CREATE INDEX audit_events_action_ts ON audit_events (action, ts);

-- The end of the chain: appends lock it, so concurrent writers never fork.
CREATE TABLE audit_head (
    one       INTEGER PRIMARY KEY CHECK (one = 1),
    last_id   INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    last_ts   INTEGER NOT NULL
);
INSERT INTO audit_head (one, last_id, last_hash, last_ts)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

-- Left by `audit prune`: the chain resumes after through_id.
CREATE TABLE audit_checkpoints (
    through_id   INTEGER PRIMARY KEY,
    through_hash TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    pruned       INTEGER NOT NULL
);
