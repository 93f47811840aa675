-- Filtered cases by category major → minor (names from the category table).
SELECT c.category_major AS major, coalesce(any_value(m.major_name), c.category_major, '—') AS major_name,
       c.category_code AS code, coalesce(any_value(c.category_name), c.category_code, '—') AS name, count(*) AS cases
FROM cases AS c
LEFT JOIN (SELECT DISTINCT category_major, major_name FROM categories WHERE major_name IS NOT NULL) AS m USING (category_major)
WHERE
-- @include dashboard/_case_filter
GROUP BY c.category_major, c.category_code
ORDER BY cases DESC;
