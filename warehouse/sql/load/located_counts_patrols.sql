-- What this run wrote to patrols: rows it could not place in a grid, and its newest update time.
SELECT count(*) FILTER (WHERE location_quality = 'none') AS unlocated, max(updated_at) AS newest
FROM patrols WHERE run_id = $run_id;
