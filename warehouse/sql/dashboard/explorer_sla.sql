-- Working hours from dispatch to closure of closed filtered cases, by $by ('department' or
-- 'category'): p10, p25, p50, p75, p90 for box plots, as t-digest approximations (within a few
-- minutes here; exact ones cost twice the time on 10 M cases). Groups under 5 cases are left out.
SELECT key, name, n, q[1] AS p10, q[2] AS p25, q[3] AS p50, q[4] AS p75, q[5] AS p90 FROM (
SELECT CASE WHEN $by = 'department' THEN c.department_code ELSE c.category_code END AS key,
       any_value(CASE WHEN $by = 'department' THEN d.department_name ELSE c.category_name END) AS name,
       count(*) AS n,
       approx_quantile(c.close_work_hours, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q
FROM cases AS c
LEFT JOIN departments AS d USING (department_code)
WHERE c.status = 'closed' AND c.close_work_hours IS NOT NULL AND
-- @include dashboard/_case_filter
GROUP BY 1
HAVING count(*) >= 5
ORDER BY n DESC
LIMIT 20
);
