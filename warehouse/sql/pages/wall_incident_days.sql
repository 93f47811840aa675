-- Incidents per day over the 30 days ending at $day (一事多报 counted once): a report outside any
-- linked incident is its own incident; a linked incident counts on the day of its first report
-- (its id is that report's source:case_id, models/incidents.py), so the days add up to the
-- distinct incidents. Beside wall_trend's reports.
SELECT f.day, count(*) FILTER (WHERE i.incident_id IS NULL OR i.incident_id = f.source || ':' || f.case_id)::INTEGER AS incidents
FROM case_facts AS f
LEFT JOIN case_incidents AS i ON i.source = f.source AND i.case_id = f.case_id
WHERE f.day >= $day::DATE - 29 AND f.day <= $day::DATE
GROUP BY f.day
ORDER BY f.day;
