-- Every unit grid's base data and load at $now (the grid profile, and the maps' per-1,000-resident
-- and patrol-coverage metrics): what the grid holds, who serves it, how it was patrolled over the
-- last 7 and 30 days, its cases and disputes. Grain: one row per grid.
--   residents, households, special groups: the newest population month not after $now
--   patrol_7d / patrol_30d: working days ($workdays: the configured calendar's in [$start, $end),
--     the 30 days up to $now's day) with a check-in ÷ working days in the window, when a full-time
--     grid worker was assigned (the assessment's patrol_coverage over a moving window); NULL when none
--   cases_30d: cases reported in the 30 days up to $now; open and overdue now, by the wall's rules
--   per-1,000 rates: ÷ residents × 1,000 (NULL without a resident count)
WITH
-- @include assessment/_base_units
latest AS (
    SELECT grid_code, arg_max(resident, month) AS residents, arg_max(households, month) AS households,
           arg_max(sg_correction + sg_released + sg_mental + sg_drug + sg_youth + sg_aids, month) AS special_groups
    FROM population WHERE month <= $now AND grid_code IS NOT NULL GROUP BY ALL
),
coverage AS (  -- the assessment's patrol rule (assessment/_base_units.sql) over [$start, $end)
    SELECT grid_code,
           count_if(covered AND day > CAST($now AS DATE) - 7) AS covered_7d,
           count(*) FILTER (WHERE day > CAST($now AS DATE) - 7) AS assigned_7d,
           count_if(covered) AS covered_30d, count(*) AS assigned_30d
    FROM grid_days
    GROUP BY ALL
),
on_duty AS (
    SELECT grid_code, count(DISTINCT staff_ref) AS staff,
           count(DISTINCT staff_ref) FILTER (WHERE role = 'full_time_gridworker') AS grid_workers
    FROM staff WHERE valid_from <= $now AND (valid_to IS NULL OR valid_to >= CAST($now AS DATE)) GROUP BY ALL
),
held AS (
    SELECT grid_code, count(*) FILTER (WHERE condition <> 'removed') AS components,
           count(*) FILTER (WHERE condition = 'intact') AS intact
    FROM components GROUP BY ALL
),
case_load AS (  -- the wall's open and overdue rules, on the same case_facts flags
    SELECT k.code AS grid_code,
           count(*) FILTER (WHERE f.reported_at > $now - INTERVAL 30 DAY AND f.reported_at <= $now) AS cases_30d,
           count(*) FILTER (WHERE NOT f.is_closed AND NOT f.is_cancelled AND f.reported_at <= $now) AS open_cases,
           count(*) FILTER (WHERE f.open_due_at < $now) AS overdue_cases
    FROM case_facts AS f JOIN fact_codes AS k ON k.dim = 'grid' AND k.id = f.grid_id
    GROUP BY ALL
),
dispute_load AS (
    SELECT grid_code, count(*) FILTER (WHERE reported_at > $now - INTERVAL 90 DAY AND reported_at <= $now) AS disputes_90d,
           count(*) FILTER (WHERE status IN ('pending', 'mediating') AND reported_at <= $now) AS open_disputes
    FROM disputes WHERE grid_code IS NOT NULL GROUP BY ALL
)
SELECT
    g.grid_code, coalesce(g.grid_name, g.grid_code) AS grid_name, g.community_code, g.community_name, g.street_code, g.street_name,
    l.residents, l.households, l.special_groups,
    (SELECT count(*) FROM buildings AS b WHERE b.grid_code = g.grid_code) AS buildings,
    (SELECT count(*) FROM organisations AS o WHERE o.grid_code = g.grid_code) AS organisations,
    coalesce(h.components, 0) AS components, coalesce(h.intact, 0) AS components_intact,
    coalesce(d.staff, 0) AS staff_on_duty, coalesce(d.grid_workers, 0) AS grid_workers,
    c.covered_7d / nullif(c.assigned_7d, 0) AS patrol_7d, c.covered_30d / nullif(c.assigned_30d, 0) AS patrol_30d,
    coalesce(k.cases_30d, 0) AS cases_30d, coalesce(k.open_cases, 0) AS open_cases, coalesce(k.overdue_cases, 0) AS overdue_cases,
    coalesce(q.disputes_90d, 0) AS disputes_90d, coalesce(q.open_disputes, 0) AS open_disputes,
    coalesce(k.cases_30d, 0) * 1000.0 / nullif(l.residents, 0) AS cases_30d_per_1000,
    coalesce(k.open_cases, 0) * 1000.0 / nullif(l.residents, 0) AS open_cases_per_1000,
    coalesce(q.disputes_90d, 0) * 1000.0 / nullif(l.residents, 0) AS disputes_90d_per_1000,
    (SELECT count(*) FROM organisations AS o WHERE o.grid_code = g.grid_code) * 1000.0 / nullif(l.residents, 0) AS organisations_per_1000
FROM grids AS g
LEFT JOIN latest AS l USING (grid_code)
LEFT JOIN coverage AS c USING (grid_code)
LEFT JOIN on_duty AS d USING (grid_code)
LEFT JOIN held AS h USING (grid_code)
LEFT JOIN case_load AS k USING (grid_code)
LEFT JOIN dispute_load AS q USING (grid_code)
ORDER BY g.grid_code;
