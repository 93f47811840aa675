-- Replace the published text suggestions with this run's (temp table new_suggestions from the change).
DELETE FROM text_suggestions;
INSERT INTO text_suggestions BY NAME SELECT *, $snapshot_id AS snapshot_id FROM new_suggestions;
