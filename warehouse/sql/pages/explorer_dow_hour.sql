-- Filtered cases by ISO day of week (1 = Monday) × hour of the report time (case_facts).
SELECT (week_hour // 24 + 1)::INTEGER AS dow, (week_hour % 24)::INTEGER AS hour, cases
FROM (
    SELECT f.week_hour, count(*) AS cases
    FROM case_facts AS f
    WHERE
-- @include pages/_fact_filter
    GROUP BY f.week_hour
)
ORDER BY dow, hour;
