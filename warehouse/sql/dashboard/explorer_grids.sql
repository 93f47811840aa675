-- Filtered cases per unit grid: count, per hectare, on-time rate (DOMAIN.md §3), overdue now
-- (case_facts; ids bound per _fact_filter). Every grid appears, with 0 where nothing matched.
WITH per_grid AS (
    SELECT f.grid_id, count(*) AS cases,
           count(*) FILTER (WHERE f.closed_on_time) AS closed_on_time,
           count(*) FILTER (WHERE f.closed_with_due) AS closed_with_due,
           count(*) FILTER (WHERE f.open_due_at < $now) AS overdue_now
    FROM case_facts AS f
    WHERE f.grid_id IS NOT NULL AND
-- @include dashboard/_fact_filter
    GROUP BY f.grid_id
)
SELECT g.grid_code, g.grid_name, g.community_code, g.street_code, g.area_m2 / 10000 AS area_ha,
       coalesce(p.cases, 0) AS cases, coalesce(p.cases, 0) / (g.area_m2 / 10000) AS per_ha,
       p.closed_on_time / nullif(p.closed_with_due + p.overdue_now, 0) AS on_time_rate,
       coalesce(p.overdue_now, 0) AS overdue_now
FROM grids AS g
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'grid') AS k ON k.code = g.grid_code
LEFT JOIN per_grid AS p ON p.grid_id = k.id
ORDER BY g.grid_code;
