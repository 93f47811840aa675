-- Filtered cases at a glance (from case_facts; ids bound per _fact_filter). Open = not closed or
-- cancelled; overdue now = open, not suspended, past due_at at $now. The on-time rate is
-- due_in_period() over the filter's period read at $due_end (its end, or now while it runs) with
-- the same restrictions: the cases *due* in the period, as on the wall and in the assessment.
-- The median working hours to close is the nearest-rank median of close_work_hours rounded to
-- tenths of an hour (so within 0.05 h of the exact one), read off counts per tenth-hour bucket.
-- One pass over the filtered cases: the counts per tenth-hour bucket (NULL: not closed) carry
-- every tile's count, summed below.
WITH buckets AS (
    SELECT f.close_tenths, count(*) AS n,
           count(*) FILTER (WHERE f.is_closed) AS closed,
           count(*) FILTER (WHERE f.is_cancelled) AS cancelled,
           count(*) FILTER (WHERE NOT f.is_closed AND NOT f.is_cancelled) AS open,
           count(*) FILTER (WHERE f.open_due_at < $now) AS overdue_now
    FROM case_facts AS f
    WHERE
-- @include pages/_fact_filter
    GROUP BY f.close_tenths
),
running AS (
    SELECT close_tenths, sum(n) OVER (ORDER BY close_tenths) AS at_or_below, sum(n) OVER () AS total
    FROM buckets WHERE close_tenths IS NOT NULL
),
due AS (
    SELECT count(*) FILTER (WHERE f.closed_on_time) AS closed_on_time, count(*) AS due
    FROM due_in_period($start, $due_end) AS f
    WHERE
-- @include pages/_fact_dims
)
SELECT
    coalesce(sum(n), 0)::BIGINT AS cases,
    coalesce(sum(closed), 0)::BIGINT AS closed,
    coalesce(sum(cancelled), 0)::BIGINT AS cancelled,
    coalesce(sum(open), 0)::BIGINT AS open,
    coalesce(sum(overdue_now), 0)::BIGINT AS overdue_now,
    (SELECT closed_on_time FROM due) AS closed_on_time,
    (SELECT due FROM due) AS due,
    (SELECT min(close_tenths) FILTER (WHERE at_or_below >= 0.5 * total) / 10 FROM running) AS median_close_hours
FROM buckets;
