-- quarantine_reasons: rejected rows per source and reason code.
SELECT source, reason_code, count(*) AS rows FROM quarantine GROUP BY ALL ORDER BY rows DESC;
