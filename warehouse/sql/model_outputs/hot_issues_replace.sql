-- Replace the published hot issues with this run's (temp tables new_hot_issues and
-- new_hot_issue_cases from the change).
DELETE FROM hot_issues;
DELETE FROM hot_issue_cases;
INSERT INTO hot_issues BY NAME
SELECT *, $window_start AS window_start, $window_end AS window_end, $snapshot_id AS snapshot_id FROM new_hot_issues;
INSERT INTO hot_issue_cases BY NAME SELECT *, $snapshot_id AS snapshot_id FROM new_hot_issue_cases;
