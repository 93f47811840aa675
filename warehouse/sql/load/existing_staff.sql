-- existing: what the warehouse already knows of each staff key, for classify.sql. A register
-- without an update time gets 2000-01-01 (pipelines/load.py), so the content decides.
CREATE OR REPLACE TEMP VIEW existing AS
SELECT assignment_id AS _key, source, updated_at, row_hash FROM staff;
