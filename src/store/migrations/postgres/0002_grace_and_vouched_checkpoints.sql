-- keywarden schema v2 (PostgreSQL).
-- A rotation's grace period is its own fact, apart from the key's expiry
-- policy: a successor minted later keeps the original policy, never the
-- grace deadline.
ALTER TABLE keys ADD COLUMN grace_until TIMESTAMPTZ;
-- Successors of a key (rotation, incident replacement), to find a live one.
CREATE INDEX keys_rotated_from ON keys (rotated_from);
-- A prune now keeps only its own checkpoint, which its audit.prune event
-- vouches for; superseded rows could not be told from forgeries.
DELETE FROM audit_checkpoints
WHERE through_id < (SELECT max(through_id) FROM audit_checkpoints);
