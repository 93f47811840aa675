-- Filtered cases by category major → minor (case_facts; names from the category table).
WITH per AS (
    SELECT f.major_id, f.category_id, count(*) AS cases
    FROM case_facts AS f
    WHERE
-- @include pages/_fact_filter
    GROUP BY f.major_id, f.category_id
)
SELECT km.code AS major, coalesce(m.major_name, km.code, '—') AS major_name,
       kc.code AS code, coalesce(n.category_name, kc.code, '—') AS name, p.cases
FROM per AS p
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'major') AS km ON km.id = p.major_id
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'category') AS kc ON kc.id = p.category_id
LEFT JOIN (SELECT category_major, any_value(major_name) AS major_name FROM categories
           WHERE major_name IS NOT NULL GROUP BY category_major) AS m ON m.category_major = km.code
LEFT JOIN (SELECT category_code, any_value(category_name) AS category_name FROM categories
           GROUP BY category_code) AS n ON n.category_code = kc.code
ORDER BY p.cases DESC, major, code;
