-- Departments' monthly composites within one year ($year_prefix = 'YYYY-%'). Grain: one row per
-- (month, department).
SELECT period, object_code, any_value(composite) AS composite
FROM assessment_scores
WHERE object_type = 'department' AND period LIKE $year_prefix AND regexp_matches(period, '^\d{4}-\d{2}$')
GROUP BY ALL
ORDER BY ALL;
