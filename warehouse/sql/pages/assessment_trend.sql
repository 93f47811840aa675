-- Monthly composites of one object (one row per month).
SELECT period, any_value(composite) AS composite, any_value(grade) AS grade, any_value(rank) AS rank
FROM assessment_scores
WHERE object_type = $object_type AND object_code = $object_code AND regexp_matches(period, '^\d{4}-\d{2}$')
GROUP BY period ORDER BY period;
