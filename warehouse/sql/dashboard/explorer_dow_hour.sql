-- Filtered cases by ISO day of week (1 = Monday) × hour of the report time.
SELECT isodow(c.reported_at) AS dow, hour(c.reported_at) AS hour, count(*) AS cases
FROM cases AS c
WHERE
-- @include dashboard/_case_filter
GROUP BY ALL;
