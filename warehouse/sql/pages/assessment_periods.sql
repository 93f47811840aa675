-- Periods that have assessment scores, with the rubric version and data snapshot they cite, and
-- their coverage (assessment_coverage; NULL for scores written before coverage was stored).
SELECT s.period, s.rubric_version, s.snapshot_id, c.complete, c.days_in_period, c.days_with_data,
       c.due_cases, c.share_closed, c.share_disposal_recorded
FROM (
    SELECT period, any_value(rubric_version) AS rubric_version, any_value(snapshot_id) AS snapshot_id
    FROM assessment_scores GROUP BY period
) AS s
LEFT JOIN assessment_coverage AS c USING (period)
ORDER BY s.period DESC;
