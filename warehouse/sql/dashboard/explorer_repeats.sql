-- Repeat locations: the same grid and category with $min_cases or more cases within any 30
-- days (a case counts the same-place, same-category cases of the 30 days before it).
WITH f AS (
    SELECT c.grid_code, c.category_code, c.category_name, c.reported_at,
           count(*) OVER (PARTITION BY c.grid_code, c.category_code ORDER BY c.reported_at
                          RANGE BETWEEN INTERVAL 30 DAYS PRECEDING AND CURRENT ROW) AS in_30_days
    FROM cases AS c
    WHERE c.grid_code IS NOT NULL AND
-- @include dashboard/_case_filter
)
SELECT grid_code, category_code, any_value(category_name) AS category_name, max(in_30_days) AS most_in_30_days,
       count(*) AS cases_in_period, max(reported_at) AS last_reported_at
FROM f
GROUP BY grid_code, category_code
HAVING max(in_30_days) >= $min_cases
ORDER BY most_in_30_days DESC, cases_in_period DESC
LIMIT 200;
