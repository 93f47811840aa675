-- Repeat locations: the same grid and category with $min_cases or more cases in the last 30 days
-- of the period (the period's other filters apply). What a command centre chases now; a
-- sliding window over a whole year of cases would scale with the year, not the window. From case_facts (ids
-- bound per _fact_filter); category names from the category table.
SELECT g.code AS grid_code, kc.code AS category_code, cat.category_name, r.cases_in_30_days,
       r.first_reported_at, r.last_reported_at
FROM (
    SELECT f.grid_id, f.category_id, count(*) AS cases_in_30_days,
           min(f.reported_at) AS first_reported_at, max(f.reported_at) AS last_reported_at
    FROM case_facts AS f
    WHERE f.grid_id IS NOT NULL AND f.reported_at >= CAST($end AS TIMESTAMP) - INTERVAL 30 DAYS AND
-- @include pages/_fact_filter
    GROUP BY f.grid_id, f.category_id
    HAVING count(*) >= $min_cases
) AS r
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'grid') AS g ON g.id = r.grid_id
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'category') AS kc ON kc.id = r.category_id
LEFT JOIN (SELECT category_code, any_value(category_name) AS category_name FROM categories GROUP BY category_code) AS cat
    ON cat.category_code = kc.code
ORDER BY r.cases_in_30_days DESC, r.last_reported_at DESC, grid_code, category_code
LIMIT 200;
