-- Filtered cases per unit grid: count, per hectare, on-time rate (DOMAIN.md §3).
WITH per_grid AS (
    SELECT c.grid_code, count(*) AS cases,
           count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at) AS closed_on_time,
           count(*) FILTER (WHERE c.status = 'closed' AND c.due_at IS NOT NULL) AS closed_with_due,
           count(*) FILTER (WHERE c.status NOT IN ('closed', 'cancelled', 'suspended') AND c.due_at < $now) AS overdue_now
    FROM cases AS c
    WHERE c.grid_code IS NOT NULL AND
-- @include dashboard/_case_filter
    GROUP BY c.grid_code
)
SELECT g.grid_code, g.grid_name, g.community_code, g.street_code, g.area_m2 / 10000 AS area_ha,
       coalesce(p.cases, 0) AS cases, coalesce(p.cases, 0) / (g.area_m2 / 10000) AS per_ha,
       p.closed_on_time / nullif(p.closed_with_due + p.overdue_now, 0) AS on_time_rate,
       coalesce(p.overdue_now, 0) AS overdue_now
FROM grids AS g
LEFT JOIN per_grid AS p USING (grid_code)
ORDER BY g.grid_code;
