-- Periods that have assessment scores, with the rubric version and data snapshot they cite.
SELECT period, any_value(rubric_version) AS rubric_version, any_value(snapshot_id) AS snapshot_id
FROM assessment_scores GROUP BY period ORDER BY period DESC;
