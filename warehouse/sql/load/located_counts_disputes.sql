-- What this run wrote to disputes: rows it could not place, and its newest record time.
SELECT count(*) FILTER (WHERE location_quality = 'none') AS unlocated, max(updated_at) AS newest
FROM disputes WHERE run_id = $run_id;
