-- recent_runs: the newest pipeline runs first. Grain: one row per run.
SELECT run_id, snapshot_id, profile, source, target, len(files) AS files, started_at, finished_at,
       rows_in, inserted, updated, unchanged, duplicates, rejected, unlocated, rejected_by_reason
FROM pipeline_runs
ORDER BY run_id DESC
LIMIT $limit;
