-- keywarden schema v5 (SQLite).
-- A random store id, made once when the store is created (or first
-- migrated to v5) and never changed: the origin line of the store's signed
-- checkpoints (contract §7a), so a note of one store is never taken for
-- another's. 128 bits from SQLite's CSPRNG, as 32 lowercase hex digits.
INSERT INTO settings (name, value) VALUES ('store_id', lower(hex(randomblob(16))));
