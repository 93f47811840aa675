-- 本月突出问题: the month's most reported categories beside the month before. $month_start,
-- $month_end (exclusive) and $before_start bound the two months. Grain: one row per category.
SELECT
    category_code,
    any_value(category_name) AS category_name,
    count(*) FILTER (WHERE reported_at >= $month_start) AS cases,
    count(*) FILTER (WHERE reported_at < $month_start) AS cases_before
FROM cases
WHERE reported_at >= $before_start AND reported_at < $month_end
GROUP BY category_code
HAVING count(*) FILTER (WHERE reported_at >= $month_start) > 0
ORDER BY cases DESC, category_code
LIMIT 10;
