-- winners: the one version per key that this run writes (the latest inserted/updated one).
-- Grain: one row per (source, _key) among rows classified inserted or updated.
CREATE OR REPLACE TEMP TABLE winners AS
SELECT b.*
FROM batch AS b
JOIN classified AS c USING (_seq)
WHERE c.outcome IN ('inserted', 'updated')
QUALIFY row_number() OVER (PARTITION BY b.source, b._key ORDER BY b.updated_at DESC, b._seq DESC) = 1;
