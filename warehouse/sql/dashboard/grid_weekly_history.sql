-- The weekly case counts of one grid over the $weeks weeks before $until (exclusive). Grain: one
-- row per week (Monday) with cases, cancelled reports left out.
SELECT
    CAST(date_trunc('week', day) AS DATE) AS week,
    CAST(sum(cases - cancelled) AS INTEGER) AS cases
FROM grid_day_counts
WHERE grid_code = $grid_code
  AND day < CAST($until AS DATE)
  AND day >= CAST($until AS DATE) - 7 * CAST($weeks AS INTEGER)
GROUP BY ALL
ORDER BY week;
