-- The units the base-data indicators count, for one period [$start, $end): the CTEs shared by
-- assessment/base_indicators.sql (which adds them up) and pages/assessment_units.sql (which lists
-- them), so a drill-down is the same rows the score counted. $workdays: the working days of P by
-- the configured calendar. Included after a WITH; every CTE ends with a comma.
workdays AS (
    SELECT unnest($workdays::DATE[]) AS day
),
assigned AS (  -- (worker, grid, working day) while the assignment runs
    SELECT s.staff_ref, s.grid_code, w.day
    FROM staff AS s
    JOIN workdays AS w ON w.day >= s.valid_from AND (s.valid_to IS NULL OR w.day <= s.valid_to)
    WHERE s.role = 'full_time_gridworker' AND s.grid_code IS NOT NULL
),
patrolled AS (
    SELECT DISTINCT staff_ref, grid_code, CAST(checked_at AS DATE) AS day
    FROM patrols WHERE checked_at >= $start AND checked_at < $end AND grid_code IS NOT NULL
),
grid_days AS (  -- each assigned grid-day once, covered when anyone checked in there that day
    SELECT a.grid_code, a.day, bool_or(p.grid_code IS NOT NULL) AS covered
    FROM (SELECT DISTINCT grid_code, day FROM assigned) AS a
    LEFT JOIN (SELECT DISTINCT grid_code, day FROM patrolled) AS p USING (grid_code, day)
    GROUP BY ALL
),
worker_days AS (  -- a worker's own assigned grid-days, covered when they checked in there
    SELECT a.staff_ref, a.grid_code, a.day, p.staff_ref IS NOT NULL AS covered
    FROM assigned AS a LEFT JOIN patrolled AS p USING (staff_ref, grid_code, day)
),
worker_grids AS (  -- the grids each worker answered for in P
    SELECT DISTINCT staff_ref, grid_code FROM assigned
),
state AS (  -- each component's condition at the end of P, by its history
    SELECT h.source, h.component_id, arg_max(h.condition, coalesce(h.changed_at, r.finished_at)) AS condition
    FROM component_history AS h
    JOIN pipeline_runs AS r USING (run_id)
    WHERE coalesce(h.changed_at, r.finished_at) < $end
    GROUP BY ALL
),
in_service AS (  -- components in service at the end of P (a component not yet surveyed is left out)
    SELECT c.source, c.component_id, c.class_code, c.grid_code, s.condition, s.condition = 'intact' AS intact
    FROM state AS s JOIN components AS c USING (source, component_id)
    WHERE s.condition <> 'removed'
),
component_case_list AS (  -- cases reported in P about a component class ("<部件>异常")
    SELECT source, case_id, grid_code, category_code AS class_code, reported_at, status
    FROM cases
    WHERE reported_at >= $start AND reported_at < $end AND category_scheme = 'GB/T 47678.5'
      AND category_code IN (SELECT DISTINCT class_code FROM components)
),
residents AS (  -- mean residents of the months of P that have a count
    SELECT grid_code, avg(resident) AS residents
    FROM population WHERE month >= date_trunc('month', $start::TIMESTAMP) AND month < $end AND grid_code IS NOT NULL
    GROUP BY ALL
),
discovered_list AS (  -- cases inspectors reported in P
    SELECT source, case_id, grid_code, category_code, reported_at, status
    FROM cases WHERE channel = 'inspector' AND reported_at >= $start AND reported_at < $end AND grid_code IS NOT NULL
),
