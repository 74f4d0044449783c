-- keywarden schema v5 (PostgreSQL).
-- A random store id, made once when the store is created (or first
-- migrated to v5) and never changed: the origin line of the store's signed
-- checkpoints (contract §7a), so a note of one store is never taken for
-- another's. 122 random bits (gen_random_uuid, built in since
-- PostgreSQL 13), as 32 lowercase hex digits.
INSERT INTO settings (name, value) VALUES ('store_id', replace(gen_random_uuid()::text, '-', ''));
