-- Open, not suspended, filtered cases past their deadline at $now, most overdue first
-- (case_facts; ids bound per _fact_filter; names from the category and department tables).
SELECT f.case_id, cat.category_name, d.department_name, g.code AS grid_code, s.code AS status,
       f.reported_at, f.open_due_at AS due_at,
       round(epoch(CAST($now AS TIMESTAMP) - f.open_due_at) / 3600, 1) AS hours_overdue
FROM (
    SELECT f.* FROM case_facts AS f
    WHERE f.open_due_at < $now AND
-- @include pages/_fact_filter
    ORDER BY f.open_due_at, f.case_id
    LIMIT 200
) AS f
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'grid') AS g ON g.id = f.grid_id
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'status') AS s ON s.id = f.status_id
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'category') AS kc ON kc.id = f.category_id
LEFT JOIN (SELECT category_code, any_value(category_name) AS category_name FROM categories GROUP BY category_code) AS cat
    ON cat.category_code = kc.code
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'department') AS kd ON kd.id = f.department_id
LEFT JOIN departments AS d ON d.department_code = kd.code
ORDER BY f.open_due_at, f.case_id;
