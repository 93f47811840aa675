-- New and closed cases per day over the 30 days ending at $day, from the grid × day mart
-- (closed counts cases reported that day and closed by now).
SELECT d.day::DATE AS day, coalesce(sum(m.cases), 0)::INTEGER AS cases, coalesce(sum(m.closed), 0)::INTEGER AS closed
FROM range($day::DATE - 29, $day::DATE + 1, INTERVAL 1 DAY) AS d(day)
LEFT JOIN grid_day_counts AS m ON m.day = d.day::DATE
GROUP BY d.day
ORDER BY d.day;
