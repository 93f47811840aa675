-- Repeat locations: the same grid and category with $min_cases or more cases in the last 30 days
-- of the period (the period's other filters apply). What a command centre chases now; a
-- sliding window over a whole year of cases cost seconds on 10 M cases.
SELECT c.grid_code, c.category_code, any_value(c.category_name) AS category_name, count(*) AS cases_in_30_days,
       min(c.reported_at) AS first_reported_at, max(c.reported_at) AS last_reported_at
FROM cases AS c
WHERE c.grid_code IS NOT NULL AND c.reported_at >= CAST($end AS TIMESTAMP) - INTERVAL 30 DAYS AND
-- @include dashboard/_case_filter
GROUP BY c.grid_code, c.category_code
HAVING count(*) >= $min_cases
ORDER BY cases_in_30_days DESC, last_reported_at DESC
LIMIT 200;
