-- Periods that have assessment scores, with the rubric version and data snapshot they cite (and
-- when that snapshot was published: what a reader is shown, the id stays for citing), and their
-- coverage (assessment_coverage; NULL for scores written before coverage was stored).
SELECT s.period, s.rubric_version, s.snapshot_id, i.published_at AS snapshot_published_at, c.complete, c.days_in_period, c.days_with_data,
       c.due_cases, c.share_closed, c.share_disposal_recorded
FROM (
    SELECT period, any_value(rubric_version) AS rubric_version, any_value(snapshot_id) AS snapshot_id
    FROM assessment_scores GROUP BY period
) AS s
LEFT JOIN assessment_coverage AS c USING (period)
LEFT JOIN snapshot_info AS i ON i.snapshot_id = s.snapshot_id
ORDER BY s.period DESC;
