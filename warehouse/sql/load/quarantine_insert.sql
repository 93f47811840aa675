-- quarantine: rejected rows of this run; a row of a file already quarantined (same file
-- content, same row) is not added again, so reloading a file changes nothing.
INSERT INTO quarantine
SELECT $run_id, $source, r.file, r.file_sha256, r._row, r.reason_code, r.reason, r.raw_record
FROM rejected AS r
WHERE NOT EXISTS (
    SELECT 1 FROM quarantine AS q WHERE q.file_sha256 = r.file_sha256 AND q.row_number = r._row
);
