-- Time extent of the cases: the newest report and update times drive "data as of". demo_only:
-- every load so far came through a demo profile (the generated city, whose clock stops where
-- it was generated): the wall then says so instead of raising a stale-data alarm.
SELECT min(reported_at) AS first_reported_at, max(reported_at) AS last_reported_at, max(updated_at) AS newest_update,
       (SELECT coalesce(bool_and(profile LIKE 'demo-%'), false) FROM pipeline_runs) AS demo_only
FROM cases;
