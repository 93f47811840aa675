-- components upsert (ready_frame: the winners joined to load/placement; the latest version
-- wins). A winner whose condition differs from the stored one (or that is new) adds a line to
-- component_history first, so the history survives the replacement of the row.
INSERT INTO component_history BY NAME
SELECT
    r.component_id,
    r.source,
    r.condition,
    c.condition AS previous_condition,
    nullif(r.updated_at, TIMESTAMP '2000-01-01') AS changed_at,
    $run_id AS run_id
FROM ready_frame AS r
LEFT JOIN components AS c ON c.source = r.source AND c.component_id = r.component_id
WHERE c.condition IS DISTINCT FROM r.condition;
DELETE FROM components AS t USING winner_keys AS k WHERE t.source = k.source AND t.component_id = k._key;
INSERT INTO components BY NAME SELECT *, $run_id AS run_id FROM ready_frame;
