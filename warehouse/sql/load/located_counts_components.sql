-- What this run wrote to components: rows it could not place in a grid, and its newest update time.
SELECT count(*) FILTER (WHERE location_quality = 'none') AS unlocated, max(updated_at) AS newest
FROM components WHERE run_id = $run_id;
