-- Open cases of urgent categories at $now, for the wall map's pins: categories whose time limit
-- is at most $limit_hours working hours (a missing manhole cover, a burst pipe: hazards the
-- catalogue gives two hours), open and reported by $now, with a position, the most overdue
-- first. Open and overdue are case_facts' rule (marts/_case_facts_add.sql: a status other than
-- closed, cancelled or suspended is open, and its due_at is its open_due_at), read here on
-- cases because the positions live there: a suspended case (挂账: put aside until it can be
-- done) is not pinned, as nobody is working on it. One filtered scan of cases; joining case_facts
-- on case_id to read its flags took 110-300 ms at 10 M cases.
WITH urgent AS (
    SELECT category_scheme, category_code FROM categories
    WHERE time_limit_unit = 'working_hours' AND time_limit <= $limit_hours
)
SELECT c.case_id, c.lon, c.lat, c.category_name,
       round(epoch(CAST($now AS TIMESTAMP) - c.reported_at) / 3600, 1) AS hours_open,
       coalesce(c.due_at < $now, false) AS overdue
FROM cases AS c
WHERE c.category_code IN (SELECT category_code FROM urgent)  -- a filter in the scan: 33 ms, not 83
  AND (c.category_scheme, c.category_code) IN (SELECT (category_scheme, category_code) FROM urgent)
  AND c.status NOT IN ('closed', 'cancelled', 'suspended') AND c.reported_at <= $now
  AND c.lon IS NOT NULL AND c.lat IS NOT NULL
ORDER BY c.due_at NULLS LAST, c.case_id
LIMIT 500;
