-- The cases behind one indicator value: every case in its denominator, flagged when it is in the
-- numerator (DOMAIN.md §4 definitions, as in assessment/indicators.sql). Supports the due-based
-- rates, registered_count and public_report_rate for departments and regions.
WITH scoped AS (
    SELECT * FROM cases
    WHERE CASE $object_type
            WHEN 'department' THEN department_code = $object_code
            WHEN 'street' THEN street_code = $object_code
            WHEN 'community' THEN community_code = $object_code
            WHEN 'grid' THEN grid_code = $object_code
            ELSE false END
),
due AS (
    SELECT *, true AS in_denominator,
           CASE $indicator
               WHEN 'closure_rate' THEN closed_at IS NOT NULL AND closed_at < $end
               WHEN 'on_time_closure_rate' THEN closed_at IS NOT NULL AND closed_at <= due_at
               WHEN 'disposal_rate' THEN disposed_at IS NOT NULL AND disposed_at < $end
               WHEN 'on_time_disposal_rate' THEN disposed_at IS NOT NULL AND disposed_at <= due_at
               WHEN 'rework_rate' THEN rework_count > 0
               WHEN 'overdue_disposal_rate' THEN NOT (disposed_at IS NOT NULL AND disposed_at <= due_at)
               WHEN 'extension_rate' THEN extension_count > 0
               ELSE NULL END AS in_numerator
    FROM scoped
    WHERE $indicator IN ('closure_rate', 'on_time_closure_rate', 'disposal_rate', 'on_time_disposal_rate', 'rework_rate',
                         'overdue_disposal_rate', 'extension_rate')
      AND registered_at IS NOT NULL AND status NOT IN ('cancelled', 'suspended') AND due_at >= $start AND due_at < $end
),
events AS (
    SELECT *, true AS in_denominator,
           CASE $indicator WHEN 'registered_count' THEN true ELSE channel IN ('public', 'hotline') END AS in_numerator
    FROM scoped
    WHERE ($indicator = 'registered_count' AND registered_at >= $start AND registered_at < $end)
       OR ($indicator = 'public_report_rate' AND reported_at >= $start AND reported_at < $end)
)
SELECT in_numerator, case_id, category_name, status, reported_at, registered_at, dispatched_at, disposed_at, closed_at, due_at,
       rework_count, extension_count, channel
FROM (SELECT * FROM due UNION ALL BY NAME SELECT * FROM events)
ORDER BY in_numerator, due_at NULLS LAST, case_id
LIMIT 5000;
