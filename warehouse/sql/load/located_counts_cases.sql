-- What this run wrote to cases: rows it could not place, and its newest record time.
SELECT count(*) FILTER (WHERE location_quality = 'none') AS unlocated, max(updated_at) AS newest
FROM cases WHERE run_id = $run_id;
