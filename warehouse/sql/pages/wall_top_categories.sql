-- The most reported categories this month to date.
SELECT category_code, any_value(category_name) AS category_name, count(*) AS cases
FROM cases
WHERE reported_at >= $month AND reported_at <= $now
GROUP BY category_code
ORDER BY cases DESC
LIMIT 8;
