-- grid_step_counts: model input. Grain: one row per (grid_code, step, category_major) with the
-- cases reported in that grid in that step; step k covers the $step_days days from
-- $first_day + k × $step_days. Cancelled reports are not events and are left out. Only days in
-- [$first_day, $end_day) count, so every step is complete. Counted on case_facts' integer ids,
-- named after (the grid_day_counts view would group by day first, a larger intermediate).
SELECT
    g.code AS grid_code,
    a.step,
    coalesce(mj.code, '其他') AS category_major,
    CAST(a.cases AS INTEGER) AS cases
FROM (
    SELECT
        grid_id,
        CAST(floor(datediff('day', CAST($first_day AS DATE), day) / $step_days) AS INTEGER) AS step,
        major_id,
        count(*) AS cases
    FROM case_facts
    WHERE grid_id IS NOT NULL
      AND NOT is_cancelled
      AND day >= CAST($first_day AS DATE)
      AND day < CAST($end_day AS DATE)
    GROUP BY ALL
) AS a
JOIN fact_codes AS g ON g.dim = 'grid' AND g.id = a.grid_id
LEFT JOIN fact_codes AS mj ON mj.dim = 'major' AND mj.id = a.major_id;
