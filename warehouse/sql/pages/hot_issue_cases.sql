-- hot_issue_cases: one hot issue's reports, in the order they came, with each one's text
-- similarity to the issue's representative report.
SELECT c.case_id, c.reported_at, c.channel, c.description, c.status, m.similarity
FROM hot_issue_cases AS m
JOIN cases AS c USING (source, case_id)
WHERE m.issue_id = $issue_id
ORDER BY c.reported_at, c.case_id;
