-- Replace the published forecast with this run's (temp table new_forecast from the change).
DELETE FROM hotspot_forecast;
INSERT INTO hotspot_forecast BY NAME SELECT *, $snapshot_id AS snapshot_id FROM new_forecast;
