-- quarantine: published. Grain: one row per rejected input row (file, row_number).
-- raw_record is the row as read (JSON of its original columns) with personal fields masked.
CREATE TABLE IF NOT EXISTS quarantine (
    run_id BIGINT NOT NULL,
    source VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    row_number BIGINT NOT NULL,
    reason_code VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    raw_record VARCHAR
);
