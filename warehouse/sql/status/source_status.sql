-- source_status: one row per (target, source): rows held, last load, the newest report time
-- (how far the data reaches) and the newest update time (how fresh the export is: a late
-- closure updates an old case), quarantined rows and unlocated rows.
WITH held AS (
    SELECT 'cases' AS target, source, count(*) AS rows, max(reported_at) AS newest_report_at,
           max(updated_at) AS newest_record_at, count(*) FILTER (WHERE location_quality = 'none') AS unlocated
    FROM cases GROUP BY source
    UNION ALL
    SELECT 'disputes', source, count(*), max(reported_at), max(updated_at), count(*) FILTER (WHERE location_quality = 'none')
    FROM disputes GROUP BY source
    UNION ALL
    SELECT 'grids', source, count(*), NULL, NULL, NULL FROM grids GROUP BY source
    UNION ALL
    SELECT 'departments', source, count(*), NULL, NULL, NULL FROM departments GROUP BY source
    UNION ALL
    -- the grid base data (README "Grid base data"): how far each register reaches, where it has a
    -- time of its own (the month counted, the newest check-in), and its unlocated rows; a register
    -- without update times gets 2000-01-01 on load (pipelines/load.py), shown as none
    SELECT 'population', source, count(*), max(month)::TIMESTAMP, nullif(max(updated_at), TIMESTAMP '2000-01-01'), count(*) FILTER (WHERE location_quality = 'none')
    FROM population GROUP BY source
    UNION ALL
    SELECT 'buildings', source, count(*), NULL, nullif(max(updated_at), TIMESTAMP '2000-01-01'), count(*) FILTER (WHERE location_quality = 'none')
    FROM buildings GROUP BY source
    UNION ALL
    SELECT 'components', source, count(*), NULL, nullif(max(updated_at), TIMESTAMP '2000-01-01'), count(*) FILTER (WHERE location_quality = 'none')
    FROM components GROUP BY source
    UNION ALL
    SELECT 'organisations', source, count(*), NULL, nullif(max(updated_at), TIMESTAMP '2000-01-01'), count(*) FILTER (WHERE location_quality = 'none')
    FROM organisations GROUP BY source
    UNION ALL
    SELECT 'staff', source, count(*), NULL, nullif(max(updated_at), TIMESTAMP '2000-01-01'), count(*) FILTER (WHERE location_quality = 'none')
    FROM staff GROUP BY source
    UNION ALL
    SELECT 'patrols', source, count(*), max(checked_at), nullif(max(updated_at), TIMESTAMP '2000-01-01'), count(*) FILTER (WHERE location_quality = 'none')
    FROM patrols GROUP BY source
),
runs AS (
    SELECT target, source, max(finished_at) AS last_load, count(*) AS runs FROM pipeline_runs GROUP BY target, source
),
quarantined AS (
    SELECT source, count(*) AS quarantined FROM quarantine GROUP BY source
)
SELECT h.target, h.source, h.rows, r.last_load, h.newest_report_at, h.newest_record_at, coalesce(q.quarantined, 0) AS quarantined,
       h.unlocated, r.runs
FROM held AS h
LEFT JOIN runs AS r USING (target, source)
LEFT JOIN quarantined AS q USING (source)
ORDER BY h.target, h.source;
