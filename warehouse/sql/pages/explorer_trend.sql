-- Case counts per $unit ('day', 'week' or 'month') bucket of the report day (case_facts; ids
-- bound per _fact_filter). Days are counted first, then summed into weeks or months. Every
-- bucket of the period is there, with 0 where nothing was reported: a line over a quiet quarter
-- must not join its three cases as if they were every day.
WITH counted AS (
    SELECT date_trunc($unit, day)::DATE AS bucket, sum(cases)::BIGINT AS cases, sum(closed)::BIGINT AS closed
    FROM (
        SELECT f.day, count(*) AS cases, count(*) FILTER (WHERE f.is_closed) AS closed
        FROM case_facts AS f
        WHERE
-- @include pages/_fact_filter
        GROUP BY f.day
    )
    GROUP BY 1
),
buckets AS (
    SELECT unnest(generate_series(
        date_trunc($unit, CAST($start AS TIMESTAMP)),
        CAST($end AS TIMESTAMP) - INTERVAL 1 MICROSECOND,
        CASE $unit WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY ELSE INTERVAL 1 MONTH END
    ))::DATE AS bucket
)
SELECT b.bucket, coalesce(c.cases, 0)::BIGINT AS cases, coalesce(c.closed, 0)::BIGINT AS closed
FROM buckets AS b LEFT JOIN counted AS c USING (bucket)
ORDER BY b.bucket;
