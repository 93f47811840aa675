-- departments upsert (dimension: the latest file wins).
DELETE FROM departments AS t USING winners AS w WHERE t.department_code = w._key;
INSERT INTO departments BY NAME
SELECT w.* EXCLUDE (_key, _seq, _row, raw_hash, updated_at, quality_flags), $run_id AS run_id FROM winners AS w;
