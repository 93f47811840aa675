-- panel_extent: the days with located case counts. Grain: one row. Units: dates (local days).
SELECT min(day) AS first_day, max(day) AS last_day
FROM case_facts
WHERE grid_id IS NOT NULL;
