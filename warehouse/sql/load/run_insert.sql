-- pipeline_runs: the log row of this run and the snapshot it publishes.
INSERT INTO pipeline_runs VALUES (
    $run_id, $run_id, $profile, $source, $target, $files, $started_at::TIMESTAMP, $finished_at::TIMESTAMP,
    $rows_in, $inserted, $updated, $unchanged, $duplicates, $rejected, $unlocated,
    $rejected_by_reason, $newest_record_at
);
