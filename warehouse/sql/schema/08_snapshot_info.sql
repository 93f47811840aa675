-- snapshot_info: one row per published snapshot in this file's history; the newest row is
-- the snapshot this file *is*. Reports cite snapshot_id.
CREATE TABLE IF NOT EXISTS snapshot_info (
    snapshot_id BIGINT PRIMARY KEY,
    published_at TIMESTAMP NOT NULL,
    run_id BIGINT
);
