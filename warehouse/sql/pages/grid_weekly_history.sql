-- The weekly case counts of one grid over the $weeks weeks before $until (exclusive). Grain: one
-- row per week (Monday) with cases, cancelled reports left out. Reads case_facts by grid id.
SELECT
    CAST(date_trunc('week', day) AS DATE) AS week,
    CAST(count(*) FILTER (WHERE NOT is_cancelled) AS INTEGER) AS cases
FROM case_facts
WHERE grid_id = (SELECT id FROM fact_codes WHERE dim = 'grid' AND code = $grid_code)
  AND day < CAST($until AS DATE)
  AND day >= CAST($until AS DATE) - 7 * CAST($weeks AS INTEGER)
GROUP BY ALL
ORDER BY week;
