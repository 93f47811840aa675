-- Working hours from dispatch to closure of closed filtered cases, by $by ('department' or
-- 'category'): quantiles for box plots. Groups with fewer than 5 cases are left out.
SELECT CASE WHEN $by = 'department' THEN c.department_code ELSE c.category_code END AS key,
       any_value(CASE WHEN $by = 'department' THEN d.department_name ELSE c.category_name END) AS name,
       count(*) AS n,
       quantile_cont(c.close_work_hours, 0.1) AS p10,
       quantile_cont(c.close_work_hours, 0.25) AS p25,
       quantile_cont(c.close_work_hours, 0.5) AS p50,
       quantile_cont(c.close_work_hours, 0.75) AS p75,
       quantile_cont(c.close_work_hours, 0.9) AS p90
FROM cases AS c
LEFT JOIN departments AS d USING (department_code)
WHERE c.status = 'closed' AND c.close_work_hours IS NOT NULL AND
-- @include dashboard/_case_filter
GROUP BY 1
HAVING count(*) >= 5
ORDER BY n DESC
LIMIT 20;
