-- The filtered cases themselves (newest first), up to $limit rows; export uses the same file.
-- Binds both filters (_case_filter's codes, _fact_filter's ids: the same rows). The report time
-- of the $limit-th newest case is found on the narrow case_facts first, so the scan of the wide
-- cases table skips every row group older than it. A top-N with
-- the department and region names filled in after it reads the wide columns only for rows that
-- pass (each name beside its code, in the table and in the export).
WITH cutoff AS (
    SELECT min(reported_at) AS since
    FROM (
        SELECT f.reported_at FROM case_facts AS f
        WHERE
-- @include pages/_fact_filter
        ORDER BY f.reported_at DESC
        LIMIT $limit
    )
)
SELECT t.* REPLACE (d.department_name AS department_name, g.grid_name AS grid_name, g.community_name AS community_name,
                    g.street_name AS street_name)
FROM (
    SELECT c.case_id, c.source, c.channel, c.category_code, c.category_name, c.description, c.address,
           c.grid_code, NULL::VARCHAR AS grid_name, c.community_code, NULL::VARCHAR AS community_name,
           c.street_code, NULL::VARCHAR AS street_name, c.department_code,
           NULL::VARCHAR AS department_name, c.status,
           c.reported_at, c.dispatched_at, c.disposed_at, c.closed_at, c.due_at, c.close_work_hours,
           c.rework_count, c.extension_count, c.satisfaction
    FROM cases AS c
    WHERE c.reported_at >= coalesce((SELECT since FROM cutoff), $end) AND
-- @include pages/_case_filter
    ORDER BY c.reported_at DESC, c.case_id
    LIMIT $limit
) AS t
LEFT JOIN departments AS d USING (department_code)
LEFT JOIN grids AS g ON g.grid_code = t.grid_code
ORDER BY t.reported_at DESC, t.case_id;
