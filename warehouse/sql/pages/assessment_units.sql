-- The units behind one base-data indicator value (assessment/base_indicators.sql), from the same
-- CTEs it counts (assessment/_base_units.sql): the assigned grid-days of patrol coverage (a grid
-- worker: their own), the components in service of component intactness, each flagged when in
-- the numerator; the cases counted by the component problem rate and by discovery per 1,000
-- residents (their denominators, components and residents, are not listed).
-- Columns: in_numerator, unit (grid_day | component | case), item (component or case id), grid_code,
-- day, class_code, state (condition or case status).
WITH
-- @include assessment/_base_units
scope_grids AS (  -- the grids of a region, or those a grid worker answered for in P
    SELECT grid_code FROM grids
    WHERE CASE $object_type
            WHEN 'grid' THEN grid_code = $object_code
            WHEN 'community' THEN community_code = $object_code
            WHEN 'street' THEN street_code = $object_code
            ELSE false END
    UNION
    SELECT grid_code FROM worker_grids WHERE $object_type = 'grid_worker' AND staff_ref = $object_code
),
units AS (
    SELECT covered AS in_numerator, 'grid_day' AS unit, NULL::VARCHAR AS item, grid_code, day, NULL::VARCHAR AS class_code,
           NULL::VARCHAR AS state
    FROM grid_days
    WHERE $indicator = 'patrol_coverage' AND $object_type <> 'grid_worker' AND grid_code IN (SELECT grid_code FROM scope_grids)
    UNION ALL
    SELECT covered, 'grid_day', NULL, grid_code, day, NULL, NULL
    FROM worker_days
    WHERE $indicator = 'patrol_coverage' AND $object_type = 'grid_worker' AND staff_ref = $object_code
    UNION ALL
    SELECT intact, 'component', component_id, grid_code, NULL, class_code, condition
    FROM in_service
    WHERE $indicator = 'component_intactness' AND grid_code IN (SELECT grid_code FROM scope_grids)
    UNION ALL
    SELECT true, 'case', case_id, grid_code, CAST(reported_at AS DATE), class_code, status
    FROM component_case_list
    WHERE $indicator = 'component_problem_rate'
      AND (grid_code IN (SELECT grid_code FROM scope_grids) OR ($object_type = 'component_class' AND class_code = $object_code))
    UNION ALL
    SELECT true, 'case', case_id, grid_code, CAST(reported_at AS DATE), category_code, status
    FROM discovered_list
    WHERE $indicator = 'discovery_per_1000' AND grid_code IN (SELECT grid_code FROM scope_grids)
)
SELECT in_numerator, unit, item, grid_code, day, class_code, state
FROM units
ORDER BY in_numerator, grid_code, day, item
LIMIT 5000;
