-- Open cases of urgent categories at $now, for the wall map's pins: categories whose time limit
-- is at most $limit_hours working hours (a missing manhole cover, a burst pipe: hazards the
-- catalogue gives two hours), open (not closed, not cancelled) and reported by $now, with a
-- position. Open is read on case_facts, as for the "open now" KPI; a suspended case (挂账: put
-- aside until it can be done) is not pinned, as nobody is working on it. The most overdue first.
SELECT c.case_id, c.lon, c.lat, cat.category_name,
       round(epoch(CAST($now AS TIMESTAMP) - c.reported_at) / 3600, 1) AS hours_open,
       coalesce(f.open_due_at < $now, false) AS overdue
FROM case_facts AS f
JOIN cases AS c ON c.source = f.source AND c.case_id = f.case_id
JOIN categories AS cat ON cat.category_scheme = c.category_scheme AND cat.category_code = c.category_code
WHERE NOT f.is_closed AND NOT f.is_cancelled AND f.reported_at <= $now
  AND cat.time_limit_unit = 'working_hours' AND cat.time_limit <= $limit_hours
  AND c.status <> 'suspended'
  AND c.lon IS NOT NULL AND c.lat IS NOT NULL
ORDER BY f.open_due_at NULLS LAST, c.case_id
LIMIT 500;
