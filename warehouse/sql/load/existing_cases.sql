-- existing: what the warehouse already knows of each cases key, for classify.sql.
CREATE OR REPLACE TEMP VIEW existing AS
SELECT case_id AS _key, source, updated_at, row_hash FROM cases;
