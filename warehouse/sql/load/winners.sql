-- winner_keys: the one version per key that this run writes (the latest inserted/updated one).
-- Grain: one row per (source, _key). Computed on the narrow classified table; the wide rows
-- stay in batch and are read once, by the upsert through the winners/located views.
CREATE OR REPLACE TEMP TABLE winner_keys AS
SELECT _seq, _key, source
FROM classified
WHERE outcome IN ('inserted', 'updated')
QUALIFY row_number() OVER (PARTITION BY source, _key ORDER BY updated_at DESC, _seq DESC) = 1;
-- winners: the full batch rows of winner_keys.
CREATE OR REPLACE TEMP VIEW winners AS
SELECT b.* FROM batch AS b SEMI JOIN winner_keys AS k ON b._seq = k._seq;
