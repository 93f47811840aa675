-- The most overdue open cases at $now, for the wall's ticker: the same rule as the KPI "overdue
-- now" (case_facts.open_due_at: open, not suspended cases past their deadline), so the list never
-- disagrees with the count above it. Names from the category and department tables.
SELECT f.case_id, cat.category_name, coalesce(d.department_name, kd.code) AS department_name, g.code AS grid_code,
       round(epoch(CAST($now AS TIMESTAMP) - f.open_due_at) / 3600, 0)::INTEGER AS hours_overdue
FROM (
    SELECT case_id, open_due_at, category_id, department_id, grid_id FROM case_facts
    WHERE open_due_at < $now ORDER BY open_due_at, case_id LIMIT 50
) AS f
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'grid') AS g ON g.id = f.grid_id
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'category') AS kc ON kc.id = f.category_id
LEFT JOIN (SELECT category_code, any_value(category_name) AS category_name FROM categories GROUP BY category_code) AS cat
    ON cat.category_code = kc.code
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'department') AS kd ON kd.id = f.department_id
LEFT JOIN departments AS d ON d.department_code = kd.code
ORDER BY f.open_due_at, f.case_id;
