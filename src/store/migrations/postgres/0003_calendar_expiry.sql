-- keywarden schema v3 (postgres).
-- A relative expiry in calendar months (`3mo`, `1y`), beside
-- expires_in_secs: a rotation's successor then expires "1y" after it is
-- made, on the same day of the month, not after a fixed number of seconds.
ALTER TABLE keys ADD COLUMN expires_in_months BIGINT;
