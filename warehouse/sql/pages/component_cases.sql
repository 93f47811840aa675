-- The cases that name one component (cases.component_id), newest first.
SELECT case_id, category_name, channel, status, reported_at, closed_at
FROM cases
WHERE component_id = $component_id
ORDER BY reported_at DESC
LIMIT 500;
