-- The filtered cases themselves (newest first), up to $limit rows; export uses the same file.
-- The newest keys are found on two narrow columns first, then only those rows are read whole.
WITH newest AS (
    SELECT c.source, c.case_id, c.reported_at
    FROM cases AS c
    WHERE
-- @include dashboard/_case_filter
    ORDER BY c.reported_at DESC, c.case_id
    LIMIT $limit
)
SELECT c.case_id, c.source, c.channel, c.category_code, c.category_name, c.description, c.address,
       c.grid_code, c.community_code, c.street_code, c.department_code, d.department_name, c.status,
       c.reported_at, c.dispatched_at, c.disposed_at, c.closed_at, c.due_at, c.close_work_hours,
       c.rework_count, c.extension_count, c.satisfaction
FROM newest AS k
JOIN cases AS c ON c.source = k.source AND c.case_id = k.case_id
    -- bounds that let zone maps skip every row group outside the newest rows' time span
    AND c.reported_at BETWEEN (SELECT min(reported_at) FROM newest) AND (SELECT max(reported_at) FROM newest)
LEFT JOIN departments AS d USING (department_code)
ORDER BY c.reported_at DESC, c.case_id;
