-- existing: what the warehouse already knows of each disputes key, for classify.sql.
CREATE OR REPLACE TEMP VIEW existing AS
SELECT dispute_id AS _key, source, updated_at, row_hash FROM disputes;
