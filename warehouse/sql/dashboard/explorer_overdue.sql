-- Open, not suspended, filtered cases past their deadline at $now, most overdue first.
SELECT c.case_id, c.category_name, d.department_name, c.grid_code, c.status, c.reported_at, c.due_at,
       round(epoch(CAST($now AS TIMESTAMP) - c.due_at) / 3600, 1) AS hours_overdue
FROM cases AS c
LEFT JOIN departments AS d USING (department_code)
WHERE c.status NOT IN ('closed', 'cancelled', 'suspended') AND c.due_at < $now AND
-- @include dashboard/_case_filter
ORDER BY c.due_at
LIMIT 200;
