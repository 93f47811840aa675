-- Filtered cases per unit grid: count, per hectare, on-time rate, overdue now (case_facts; ids
-- bound per _fact_filter). The on-time rate is due_in_period() over the filter's period read at
-- $due_end, with the same restrictions (as the explorer's summary). Every grid appears, with 0
-- where nothing matched.
WITH per_grid AS (
    SELECT f.grid_id, count(*) AS cases,
           count(*) FILTER (WHERE f.open_due_at < $now) AS overdue_now
    FROM case_facts AS f
    WHERE f.grid_id IS NOT NULL AND
-- @include pages/_fact_filter
    GROUP BY f.grid_id
),
due_grid AS (
    SELECT f.grid_id, count(*) FILTER (WHERE f.closed_on_time) AS closed_on_time, count(*) AS due
    FROM due_in_period($start, $due_end) AS f
    WHERE f.grid_id IS NOT NULL AND
-- @include pages/_fact_dims
    GROUP BY f.grid_id
)
SELECT g.grid_code, g.grid_name, g.community_code, g.street_code, g.area_m2 / 10000 AS area_ha,
       coalesce(p.cases, 0) AS cases, coalesce(p.cases, 0) / (g.area_m2 / 10000) AS per_ha,
       d.closed_on_time / nullif(d.due, 0) AS on_time_rate,
       coalesce(p.overdue_now, 0) AS overdue_now
FROM grids AS g
LEFT JOIN (SELECT code, id FROM fact_codes WHERE dim = 'grid') AS k ON k.code = g.grid_code
LEFT JOIN per_grid AS p ON p.grid_id = k.id
LEFT JOIN due_grid AS d ON d.grid_id = k.id
ORDER BY g.grid_code;
