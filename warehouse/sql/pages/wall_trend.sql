-- New and closed cases per day over the 30 days ending at $day, from case_facts (closed counts
-- cases reported that day and closed by now). Only those 30 days are read: zone maps on day.
SELECT d.day::DATE AS day, coalesce(m.cases, 0)::INTEGER AS cases, coalesce(m.closed, 0)::INTEGER AS closed
FROM range($day::DATE - 29, $day::DATE + 1, INTERVAL 1 DAY) AS d(day)
LEFT JOIN (
    SELECT day, count(*) AS cases, count(*) FILTER (WHERE is_closed) AS closed
    FROM case_facts
    WHERE day >= $day::DATE - 29 AND day <= $day::DATE
    GROUP BY day
) AS m ON m.day = d.day::DATE
ORDER BY d.day;
