-- Working hours from dispatch to closure of closed filtered cases, by $by ('department' or
-- 'category'): p10, p25, p50, p75, p90 for box plots (case_facts; ids bound per _fact_filter).
-- Nearest-rank quantiles of close_work_hours rounded to tenths of an hour (within 0.05 h of
-- the exact ones), found by counting buckets per group. Groups under 5 cases are left out.
WITH buckets AS (
    SELECT CASE WHEN $by = 'department' THEN f.department_id ELSE f.category_id END AS key_id,
           f.close_tenths, count(*) AS n
    FROM case_facts AS f
    WHERE f.is_closed AND f.close_tenths IS NOT NULL AND
-- @include pages/_fact_filter
    GROUP BY ALL
),
running AS (
    SELECT key_id, close_tenths,
           sum(n) OVER (PARTITION BY key_id ORDER BY close_tenths) AS at_or_below,
           sum(n) OVER (PARTITION BY key_id) AS total
    FROM buckets
),
per_key AS (
    SELECT key_id, any_value(total)::BIGINT AS n,
           min(close_tenths) FILTER (WHERE at_or_below >= 0.10 * total) / 10 AS p10,
           min(close_tenths) FILTER (WHERE at_or_below >= 0.25 * total) / 10 AS p25,
           min(close_tenths) FILTER (WHERE at_or_below >= 0.50 * total) / 10 AS p50,
           min(close_tenths) FILTER (WHERE at_or_below >= 0.75 * total) / 10 AS p75,
           min(close_tenths) FILTER (WHERE at_or_below >= 0.90 * total) / 10 AS p90
    FROM running
    GROUP BY key_id
    HAVING any_value(total) >= 5
)
SELECT k.code AS key,
       CASE WHEN $by = 'department' THEN d.department_name ELSE c.category_name END AS name,
       p.n, p.p10, p.p25, p.p50, p.p75, p.p90
FROM per_key AS p
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = CASE WHEN $by = 'department' THEN 'department' ELSE 'category' END) AS k
    ON k.id = p.key_id
LEFT JOIN departments AS d ON d.department_code = k.code
LEFT JOIN (SELECT category_code, any_value(category_name) AS category_name FROM categories GROUP BY category_code) AS c
    ON c.category_code = k.code
ORDER BY p.n DESC, key
LIMIT 20;
