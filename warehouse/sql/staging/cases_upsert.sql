-- cases upsert: replace the stored version of every located winner. Departments given by name
-- are resolved to their code through the departments table (unknown names kept as the code).
DELETE FROM cases AS t USING located AS l WHERE t.source = l.source AND t.case_id = l._key;
INSERT INTO cases BY NAME
SELECT
    l.* EXCLUDE (_key, _seq, _row, raw_hash, department_code, department_name),
    coalesce(l.department_code, d.department_code, l.department_name) AS department_code,
    $run_id AS run_id
FROM located AS l
LEFT JOIN departments AS d ON d.department_name = l.department_name;
