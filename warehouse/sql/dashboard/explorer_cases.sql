-- The filtered cases themselves (newest first), up to $limit rows; export uses the same file.
SELECT c.case_id, c.source, c.channel, c.category_code, c.category_name, c.description, c.address,
       c.grid_code, c.community_code, c.street_code, c.department_code, d.department_name, c.status,
       c.reported_at, c.dispatched_at, c.disposed_at, c.closed_at, c.due_at, c.close_work_hours,
       c.rework_count, c.extension_count, c.satisfaction
FROM cases AS c
LEFT JOIN departments AS d USING (department_code)
WHERE
-- @include dashboard/_case_filter
ORDER BY c.reported_at DESC, c.case_id
LIMIT $limit;
