-- quarantine_rows: rejected rows, newest run first, optionally for one reason code.
SELECT run_id, source, file, row_number, reason_code, reason, raw_record
FROM quarantine
WHERE $reason_code IS NULL OR reason_code = $reason_code
ORDER BY run_id DESC, file, row_number
LIMIT $limit;
