-- grid_step_counts: model input. Grain: one row per (grid_code, step, category_major) with the
-- cases reported in that grid in that step; step k covers the $step_days days from
-- $first_day + k × $step_days. Cancelled reports are not events and are left out. Only days in
-- [$first_day, $end_day) count, so every step is complete.
SELECT
    grid_code,
    CAST(floor(datediff('day', CAST($first_day AS DATE), day) / $step_days) AS INTEGER) AS step,
    coalesce(category_major, '其他') AS category_major,
    CAST(sum(cases - cancelled) AS INTEGER) AS cases
FROM grid_day_counts
WHERE grid_code IS NOT NULL
  AND day >= CAST($first_day AS DATE)
  AND day < CAST($end_day AS DATE)
GROUP BY ALL
HAVING sum(cases - cancelled) > 0;
