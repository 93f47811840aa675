-- Replace the published incident links and incidents with this run's (temp tables new_links and
-- new_case_incidents from the change).
DELETE FROM incident_links;
DELETE FROM case_incidents;
INSERT INTO incident_links BY NAME SELECT *, $snapshot_id AS snapshot_id FROM new_links;
INSERT INTO case_incidents BY NAME SELECT *, $snapshot_id AS snapshot_id FROM new_case_incidents;
