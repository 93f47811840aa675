-- touched_days: every report day (after a grid change every case may have moved).
CREATE OR REPLACE TEMP TABLE touched_days AS SELECT DISTINCT reported_at::DATE AS day FROM cases;
