-- cases upsert: replace the stored version of every winner with its placed row (the registered
-- arrow frame ready_frame: the winners' canonical columns joined to load/placement).
-- replaced keeps the old versions, so marts can subtract them (marts/*_delta).
-- The INSERT reads the frame with no join: DuckDB then writes row groups in parallel (batch
-- insert); behind a join it writes them on one thread.
CREATE OR REPLACE TEMP TABLE replaced AS
SELECT t.* FROM cases AS t SEMI JOIN winner_keys AS k ON t.source = k.source AND t.case_id = k._key;
DELETE FROM cases AS t USING winner_keys AS k WHERE t.source = k.source AND t.case_id = k._key;
INSERT INTO cases BY NAME SELECT *, $run_id AS run_id FROM ready_frame;
