-- pipeline_runs: published run log. Grain: one row per load run (snapshot it produced).
-- The accounting identity rows_in = inserted + updated + unchanged + duplicates + rejected holds.
CREATE TABLE IF NOT EXISTS pipeline_runs (
    run_id BIGINT PRIMARY KEY,
    snapshot_id BIGINT NOT NULL,
    profile VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    files VARCHAR[] NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    rows_in BIGINT NOT NULL,
    inserted BIGINT NOT NULL,
    updated BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    duplicates BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    unlocated BIGINT NOT NULL,
    rejected_by_reason JSON,
    newest_record_at TIMESTAMP
);
