-- Time extent of the cases: the newest report and update times drive "data as of".
SELECT min(reported_at) AS first_reported_at, max(reported_at) AS last_reported_at, max(updated_at) AS newest_update
FROM cases;
