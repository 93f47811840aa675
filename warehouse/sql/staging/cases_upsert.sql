-- cases upsert: replace the stored version of every winner with its located row. Departments
-- given by name are resolved to their code through the departments table (unknown names kept
-- as the code). touched_days collects the report days of the old and the new versions, for the
-- marts to refresh.
CREATE OR REPLACE TEMP TABLE touched_days AS
SELECT DISTINCT t.reported_at::DATE AS day
FROM cases AS t JOIN winner_keys AS k ON t.source = k.source AND t.case_id = k._key;
DELETE FROM cases AS t USING winner_keys AS k WHERE t.source = k.source AND t.case_id = k._key;
INSERT INTO cases BY NAME
SELECT
    l.* EXCLUDE (_key, _seq, _row, raw_hash, department_code, department_name),
    coalesce(l.department_code, d.department_code, l.department_name) AS department_code,
    $run_id AS run_id
FROM located AS l
LEFT JOIN departments AS d ON d.department_name = l.department_name;
INSERT INTO touched_days
SELECT DISTINCT reported_at::DATE FROM cases WHERE run_id = $run_id
EXCEPT
SELECT day FROM touched_days;
