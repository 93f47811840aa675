-- What this run wrote to population: rows it could not place in a grid, and its newest update time.
SELECT count(*) FILTER (WHERE location_quality = 'none') AS unlocated, max(updated_at) AS newest
FROM population WHERE run_id = $run_id;
