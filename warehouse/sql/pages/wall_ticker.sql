-- The most overdue open cases at $now, for the wall's ticker.
SELECT c.case_id, c.category_name, coalesce(d.department_name, c.department_code) AS department_name, c.grid_code,
       round(epoch(CAST($now AS TIMESTAMP) - c.due_at) / 3600, 0)::INTEGER AS hours_overdue
FROM cases AS c
LEFT JOIN departments AS d USING (department_code)
WHERE c.status NOT IN ('closed', 'cancelled', 'suspended') AND c.due_at < $now AND c.reported_at > CAST($now AS TIMESTAMP) - INTERVAL 90 DAYS
ORDER BY c.due_at
LIMIT 12;
