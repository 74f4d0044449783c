-- keywarden schema v4 (sqlite).
-- Leak reports from code hosts (contract §12): a batch is stored before it
-- is answered, so a restart finishes it and a resent batch (same digest)
-- is recognised. Only tokens that parse as this store's (prefix, valid
-- checksum) and name a key that exists get a row; the raw token is kept
-- only until its hash check is decided, then set to NULL in the same
-- transaction as the decision and its audit event.
CREATE TABLE leak_batches (
    id          TEXT PRIMARY KEY,                -- the incident id, inc_…
    host        TEXT NOT NULL,                   -- github | gitlab
    digest      TEXT NOT NULL UNIQUE,            -- SHA-256 of host and raw body, hex
    received_at INTEGER NOT NULL,
    tokens      INTEGER NOT NULL,                -- tokens reported
    candidates  INTEGER NOT NULL,                -- of those, rows below
    finished_at INTEGER,                         -- every row decided
    reported_at INTEGER                          -- incident report written (or not asked for)
) WITHOUT ROWID;

CREATE TABLE leak_reports (
    batch_id   TEXT NOT NULL REFERENCES leak_batches (id),
    seq        INTEGER NOT NULL,                 -- index in the reported array
    key_id     TEXT NOT NULL,
    token      TEXT,                             -- NULL once decided
    token_type TEXT NOT NULL,
    url        TEXT,
    source     TEXT,
    label      TEXT CHECK (label IN ('true_positive', 'false_positive')),
    outcome    TEXT,                             -- revoked | already_revoked | lookalike | gone
    decided_at INTEGER,
    PRIMARY KEY (batch_id, seq)
) WITHOUT ROWID;
CREATE INDEX leak_reports_pending ON leak_reports (batch_id) WHERE label IS NULL;
CREATE INDEX leak_batches_open ON leak_batches (received_at) WHERE reported_at IS NULL;
