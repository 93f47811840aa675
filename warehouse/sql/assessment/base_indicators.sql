-- Indicators that need the grid base data, for one period [$start, $end) (README "Grid base
-- data"), long format as assessment/indicators.sql. Units: assessment/_base_units.sql
-- ($workdays: the working days of P by the configured calendar).
--   patrol_coverage      = assigned grid-days with a patrol ÷ assigned grid-days, where an
--                          assigned grid-day is a (grid, working day) with a full-time grid worker
--                          assigned; a worker's own: their assigned grid-days they patrolled
--   component_intactness = components intact ÷ components in service (not removed), each in the
--                          condition its history gives at the end of P (a component not yet
--                          surveyed by then is left out)
--   component_problem_rate = cases reported in P about a component class (a GB/T 47678.5 matter
--                          code equal to the class code: "<部件>异常") ÷ components of it in service
--   discovery_per_1000   = cases reported in P by inspectors ÷ mean residents of P's months × 1,000
-- Regions are grid, community and street; grid workers (object type grid_worker, their salted
-- staff_ref) are credited with the grids they were assigned to in P.
WITH
-- @include assessment/_base_units
per_grid AS (  -- every measure per grid; regions and workers add grids up
    SELECT g.grid_code, g.community_code, g.street_code,
           coalesce(d.assigned_days, 0) AS assigned_days, coalesce(d.covered_days, 0) AS covered_days,
           coalesce(k.components, 0) AS components, coalesce(k.intact, 0) AS intact,
           coalesce(cc.cases, 0) AS component_cases, r.residents, coalesce(f.found, 0) AS found
    FROM grids AS g
    LEFT JOIN (SELECT grid_code, count(*) AS assigned_days, count_if(covered) AS covered_days FROM grid_days GROUP BY ALL) AS d USING (grid_code)
    LEFT JOIN (SELECT grid_code, count(*) AS components, count_if(intact) AS intact FROM in_service GROUP BY ALL) AS k USING (grid_code)
    LEFT JOIN (SELECT grid_code, count(*) AS cases FROM component_case_list GROUP BY ALL) AS cc USING (grid_code)
    LEFT JOIN residents AS r USING (grid_code)
    LEFT JOIN (SELECT grid_code, count(*) AS found FROM discovered_list GROUP BY ALL) AS f USING (grid_code)
),
keyed AS (
    SELECT 'grid' AS object_type, grid_code AS object_code, * EXCLUDE (grid_code, community_code, street_code) FROM per_grid
    UNION ALL SELECT 'community', community_code, * EXCLUDE (grid_code, community_code, street_code) FROM per_grid WHERE community_code IS NOT NULL
    UNION ALL SELECT 'street', street_code, * EXCLUDE (grid_code, community_code, street_code) FROM per_grid WHERE street_code IS NOT NULL
),
regions AS (
    SELECT object_type, object_code, sum(assigned_days) AS assigned_days, sum(covered_days) AS covered_days,
           sum(components) AS components, sum(intact) AS intact, sum(component_cases) AS component_cases,
           sum(residents) AS residents, sum(found) AS found
    FROM keyed GROUP BY ALL
),
workers AS (  -- a worker's patrols are their own; components, residents and finds are their grids'
    SELECT w.staff_ref AS object_code, any_value(d.assigned) AS assigned_days, any_value(d.covered) AS covered_days,
           sum(g.components) AS components, sum(g.intact) AS intact, sum(g.residents) AS residents, sum(g.found) AS found
    FROM worker_grids AS w
    JOIN (SELECT staff_ref, count(*) AS assigned, count_if(covered) AS covered FROM worker_days GROUP BY ALL) AS d USING (staff_ref)
    JOIN per_grid AS g USING (grid_code)
    GROUP BY w.staff_ref
),
classes AS (
    SELECT k.class_code AS object_code, count(*) AS components, coalesce(any_value(c.cases), 0) AS component_cases
    FROM in_service AS k
    LEFT JOIN (SELECT class_code, count(*) AS cases FROM component_case_list GROUP BY ALL) AS c USING (class_code)
    GROUP BY k.class_code
),
long AS (
    SELECT object_type, object_code, 'patrol_coverage' AS indicator, covered_days AS numerator, assigned_days AS denominator FROM regions
    UNION ALL SELECT object_type, object_code, 'component_intactness', intact, components FROM regions
    UNION ALL SELECT object_type, object_code, 'component_problem_rate', component_cases, components FROM regions
    UNION ALL SELECT object_type, object_code, 'discovery_per_1000', found, residents / 1000 FROM regions
    UNION ALL SELECT 'grid_worker', object_code, 'patrol_coverage', covered_days, assigned_days FROM workers
    UNION ALL SELECT 'grid_worker', object_code, 'component_intactness', intact, components FROM workers
    UNION ALL SELECT 'grid_worker', object_code, 'discovery_per_1000', found, residents / 1000 FROM workers
    UNION ALL SELECT 'component_class', object_code, 'component_problem_rate', component_cases, components FROM classes
)
-- nothing_due: no denominator (no assignment, no component surveyed yet, no residents counted).
-- A register the city has not loaded at all gives no rows (a case-only city's assessment is as
-- it was), not a page of N/A.
SELECT object_type, object_code, indicator, numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator,
       numerator / nullif(denominator, 0) AS value,
       CASE WHEN coalesce(denominator, 0) = 0 THEN 'nothing_due' END AS note
FROM long
WHERE CASE
    WHEN indicator = 'patrol_coverage' THEN EXISTS (SELECT 1 FROM staff WHERE role = 'full_time_gridworker')
    WHEN indicator = 'discovery_per_1000' THEN EXISTS (SELECT 1 FROM population)
    ELSE EXISTS (SELECT 1 FROM components)
END
ORDER BY object_type, object_code, indicator;
