-- Case counts per $unit ('day', 'week' or 'month') bucket of the report time.
SELECT date_trunc($unit, c.reported_at)::DATE AS bucket, count(*) AS cases,
       count(*) FILTER (WHERE c.status = 'closed') AS closed
FROM cases AS c
WHERE
-- @include dashboard/_case_filter
GROUP BY ALL
ORDER BY bucket;
