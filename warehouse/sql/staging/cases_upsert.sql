-- cases upsert: replace the stored version of every winner with its located row. Departments
-- given by name are resolved to their code through the departments table (unknown names kept
-- as the code). replaced keeps the old versions, so marts can subtract them (marts/*_delta).
CREATE OR REPLACE TEMP TABLE replaced AS
SELECT t.* FROM cases AS t SEMI JOIN winner_keys AS k ON t.source = k.source AND t.case_id = k._key;
DELETE FROM cases AS t USING winner_keys AS k WHERE t.source = k.source AND t.case_id = k._key;
INSERT INTO cases BY NAME
SELECT
    l.* EXCLUDE (_key, _seq, _row, raw_hash, department_code, department_name),
    coalesce(l.department_code, d.department_code, l.department_name) AS department_code,
    $run_id AS run_id
FROM located AS l
LEFT JOIN departments AS d ON d.department_name = l.department_name;
