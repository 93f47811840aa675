-- Case counts per $unit ('day', 'week' or 'month') bucket of the report day (case_facts; ids
-- bound per _fact_filter). Days are counted first, then summed into weeks or months.
SELECT date_trunc($unit, day)::DATE AS bucket, sum(cases)::BIGINT AS cases, sum(closed)::BIGINT AS closed
FROM (
    SELECT f.day, count(*) AS cases, count(*) FILTER (WHERE f.is_closed) AS closed
    FROM case_facts AS f
    WHERE
-- @include pages/_fact_filter
    GROUP BY f.day
)
GROUP BY 1
ORDER BY bucket;
