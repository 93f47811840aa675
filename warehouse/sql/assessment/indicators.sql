-- Assessment indicators for one period [$start, $end) (DOMAIN.md §4), long format.
-- Grain: one row per (object_type, object_code, indicator). numerator / denominator / value.
-- Cases due in P and their flags come from due_in_period() (schema/16, the one on-time rule):
-- registered, not cancelled, not suspended, due_at in P; closed = closed by the end of P; closed
-- (disposed) on time = closed_at (disposed_at) <= due_at; the rest of the due cases count
-- against the unit (open and overdue). Regions are credited with the
-- cases located in them, departments with the cases dispatched to them, posts with the cases
-- their staff id handled. Counts (registered, dispatched, accepted) count events inside P. Post
-- timeliness uses the working-hour clocks of pipelines/sla.py against the rubric's [limits].
-- The repeat-request rate reads repeat_requests() (schema/29, the one repeat rule) with the
-- rubric's repeat_days, credited to the earlier request's department and regions.
WITH due AS (  -- the on-time rule: due_in_period(), as the wall and the explorer read it; the
    -- *_known flags say whether the case's source records that stage (recorded_stages): cases of a
    -- source that does not are left out of the stage's indicators, never counted as failures
    SELECT d.department_id, d.street_id, d.community_id, d.grid_id,
           d.closed::INTEGER AS closed, d.closed_on_time::INTEGER AS closed_on_time,
           coalesce(r.disposal, false)::INTEGER AS disposal_known,
           coalesce(r.rework, false)::INTEGER AS rework_known, coalesce(r.extension, false)::INTEGER AS extension_known,
           (d.disposed AND coalesce(r.disposal, false))::INTEGER AS disposed,
           (d.disposed_on_time AND coalesce(r.disposal, false))::INTEGER AS disposed_on_time,
           (d.reworked AND coalesce(r.rework, false))::INTEGER AS reworked,
           (d.extended AND coalesce(r.extension, false))::INTEGER AS extended, d.dispose_hours
    FROM due_in_period($start, $end) AS d
    LEFT JOIN recorded_stages AS r ON r.source = d.source
),
due_keyed AS (  -- object types are fact_codes dims: the ids name their codes below
    SELECT 'department' AS object_type, department_id AS object_id, * FROM due WHERE department_id IS NOT NULL
    UNION ALL SELECT 'street', street_id, * FROM due WHERE street_id IS NOT NULL
    UNION ALL SELECT 'community', community_id, * FROM due WHERE community_id IS NOT NULL
    UNION ALL SELECT 'grid', grid_id, * FROM due WHERE grid_id IS NOT NULL
),
due_agg AS (
    SELECT k.object_type, c.code AS object_code, k.due, k.closed, k.closed_on_time, k.disposed, k.disposed_on_time,
           k.reworked, k.extended, k.overdue_disposal, k.hours_sum, k.hours_n, k.hours_median,
           k.due_disposal, k.due_rework, k.due_extension
    FROM (
        SELECT object_type, object_id, count(*) AS due, sum(closed) AS closed, sum(closed_on_time) AS closed_on_time,
               sum(disposal_known) AS due_disposal, sum(rework_known) AS due_rework, sum(extension_known) AS due_extension,
               sum(disposed) AS disposed, sum(disposed_on_time) AS disposed_on_time, sum(reworked) AS reworked,
               sum(extended) AS extended, sum(disposal_known) - sum(disposed_on_time) AS overdue_disposal,
               sum(dispose_hours) AS hours_sum, count(dispose_hours) AS hours_n,
               median(dispose_hours) AS hours_median
        FROM due_keyed GROUP BY ALL
    ) AS k
    JOIN fact_codes AS c ON c.dim = k.object_type AND c.id = k.object_id
),
reported AS (
    SELECT department_code, street_code, community_code, grid_code, channel,
           (registered_at IS NOT NULL AND registered_at >= $start AND registered_at < $end)::INTEGER AS registered_in_p,
           (reported_at >= $start AND reported_at < $end)::INTEGER AS reported_in_p
    FROM cases
    WHERE (registered_at >= $start AND registered_at < $end) OR (reported_at >= $start AND reported_at < $end)
),
reported_keyed AS (
    SELECT 'department' AS object_type, department_code AS object_code, * FROM reported WHERE department_code IS NOT NULL
    UNION ALL SELECT 'street', street_code, * FROM reported WHERE street_code IS NOT NULL
    UNION ALL SELECT 'community', community_code, * FROM reported WHERE community_code IS NOT NULL
    UNION ALL SELECT 'grid', grid_code, * FROM reported WHERE grid_code IS NOT NULL
),
reported_agg AS (
    SELECT object_type, object_code, sum(registered_in_p) AS registered,
           sum(reported_in_p) AS reported, sum(reported_in_p * (channel IN ('public', 'hotline'))::INTEGER) AS public_reported
    FROM reported_keyed GROUP BY ALL
),
surveyed AS (
    SELECT object_type, object_code, count(*) FILTER (WHERE satisfaction >= 4) AS satisfied, count(*) AS surveyed
    FROM (
        SELECT 'department' AS object_type, department_code AS object_code, satisfaction FROM cases
        WHERE satisfaction IS NOT NULL AND closed_at >= $start AND closed_at < $end AND department_code IS NOT NULL
        UNION ALL
        SELECT 'street', street_code, satisfaction FROM cases
        WHERE satisfaction IS NOT NULL AND closed_at >= $start AND closed_at < $end AND street_code IS NOT NULL
        UNION ALL
        SELECT 'community', community_code, satisfaction FROM cases
        WHERE satisfaction IS NOT NULL AND closed_at >= $start AND closed_at < $end AND community_code IS NOT NULL
        UNION ALL
        SELECT 'grid', grid_code, satisfaction FROM cases
        WHERE satisfaction IS NOT NULL AND closed_at >= $start AND closed_at < $end AND grid_code IS NOT NULL
    )
    GROUP BY ALL
),
repeat_rows AS MATERIALIZED (SELECT * FROM repeat_requests($start, $end, $repeat_days)),
repeats AS (  -- requests reported in P: followed for repeat_days, and repeated within them
    SELECT object_type, object_code, count(*) FILTER (WHERE followed AND repeated) AS repeated,
           count(*) FILTER (WHERE followed) AS followed, count(*) FILTER (WHERE known) AS known
    FROM (
        SELECT 'department' AS object_type, department_code AS object_code, * FROM repeat_rows
        UNION ALL SELECT 'street', street_code, * FROM repeat_rows
        UNION ALL SELECT 'community', community_code, * FROM repeat_rows
        UNION ALL SELECT 'grid', grid_code, * FROM repeat_rows
    )
    WHERE object_code IS NOT NULL
    GROUP BY ALL
),
inspector_area AS (  -- the community an inspector reports most from in P is their area
    SELECT inspector_ref, mode(community_code) AS community_code
    FROM cases
    WHERE inspector_ref IS NOT NULL AND channel = 'inspector' AND reported_at >= $start AND reported_at < $end
    GROUP BY inspector_ref
),
area_registered AS (
    SELECT community_code, count(*) AS registered,
           count(*) FILTER (WHERE channel IN ('public', 'hotline')) AS by_others
    FROM cases
    WHERE registered_at IS NOT NULL AND reported_at >= $start AND reported_at < $end AND community_code IS NOT NULL
    GROUP BY community_code
),
inspector_agg AS (  -- reports by inspectors; verifications and checks sent to the inspector named on the case
    SELECT inspector_ref AS object_code,
           count(*) FILTER (WHERE channel = 'inspector' AND reported_at >= $start AND reported_at < $end) AS reported,
           count(*) FILTER (WHERE channel = 'inspector' AND reported_at >= $start AND reported_at < $end
                            AND registered_at IS NOT NULL) AS registered,
           count(*) FILTER (WHERE verify_dispatched_at >= $start AND verify_dispatched_at < $end) AS to_verify,
           count(*) FILTER (WHERE verify_dispatched_at >= $start AND verify_dispatched_at < $end
                            AND verify_work_hours <= $verify_hours) AS verified_on_time,
           count(*) FILTER (WHERE coalesce(check_dispatched_at, disposed_at) >= $start
                            AND coalesce(check_dispatched_at, disposed_at) < $end) AS to_check,
           count(*) FILTER (WHERE coalesce(check_dispatched_at, disposed_at) >= $start
                            AND coalesce(check_dispatched_at, disposed_at) < $end AND check_work_hours <= $check_hours) AS checked_on_time
    FROM cases WHERE inspector_ref IS NOT NULL GROUP BY inspector_ref
),
dispatcher_agg AS (
    SELECT dispatcher_ref AS object_code, count(*) AS dispatched,
           count(*) FILTER (WHERE dispatch_work_hours <= $dispatch_hours) AS on_time,
           count(*) FILTER (WHERE return_count = 0) AS accurate
    FROM cases WHERE dispatcher_ref IS NOT NULL AND dispatched_at >= $start AND dispatched_at < $end GROUP BY ALL
),
taker_agg AS (
    SELECT operator_ref AS object_code,
           count(*) FILTER (WHERE accepted_at >= $start AND accepted_at < $end) AS accepted,
           count(*) FILTER (WHERE verify_dispatched_at >= $start AND verify_dispatched_at < $end) AS verify_dispatches,
           count(*) FILTER (WHERE verify_dispatched_at >= $start AND verify_dispatched_at < $end
                            AND verify_dispatch_work_hours <= $verify_dispatch_hours) AS verify_dispatches_on_time,
           count(*) FILTER (WHERE check_dispatched_at >= $start AND check_dispatched_at < $end) AS check_dispatches,
           count(*) FILTER (WHERE check_dispatched_at >= $start AND check_dispatched_at < $end
                            AND check_dispatch_work_hours <= $check_dispatch_hours) AS check_dispatches_on_time
    FROM cases WHERE operator_ref IS NOT NULL GROUP BY ALL
),
leader_agg AS (  -- shift leaders: registration on time and accurate; closure on time after the check
    SELECT shift_leader_ref AS object_code,
           count(*) FILTER (WHERE registered_at >= $start AND registered_at < $end) AS registered,
           count(*) FILTER (WHERE registered_at >= $start AND registered_at < $end AND register_work_hours <= $register_hours) AS registered_on_time,
           count(*) FILTER (WHERE registered_at >= $start AND registered_at < $end AND status <> 'cancelled') AS registered_kept,
           count(*) FILTER (WHERE closed_at >= $start AND closed_at < $end AND checked_at IS NOT NULL) AS closed,
           count(*) FILTER (WHERE closed_at >= $start AND closed_at < $end AND checked_at IS NOT NULL
                            AND close_after_check_work_hours <= $close_hours) AS closed_on_time
    FROM cases WHERE shift_leader_ref IS NOT NULL GROUP BY ALL
)
-- note: why a value is missing (N/A, left out of the composite with the weights rescaled):
-- not_recorded = the unit has cases due but none from a source that records the stage, and
-- nothing_due = nothing to count (a zero denominator is neither 0 % nor 100 %); for repeat
-- requests, no_reporter = none of the unit's requests names its reporter, and follow_up_open =
-- some do but none has been followed for repeat_days yet
SELECT object_type, object_code, indicator, numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator,
       CASE WHEN indicator LIKE '%_count' THEN numerator ELSE numerator / nullif(denominator, 0) END AS value,
       CASE WHEN indicator LIKE '%_count' THEN NULL
            WHEN coalesce(denominator, 0) = 0 THEN coalesce(na, 'nothing_due') END AS note
FROM (
    SELECT object_type, object_code, 'closure_rate' AS indicator, closed AS numerator, due AS denominator, NULL AS na FROM due_agg
    UNION ALL SELECT object_type, object_code, 'on_time_closure_rate', closed_on_time, due, NULL FROM due_agg
    UNION ALL SELECT object_type, object_code, 'disposal_rate', disposed, due_disposal, CASE WHEN due_disposal = 0 AND due > 0 THEN 'not_recorded' END FROM due_agg
    UNION ALL SELECT object_type, object_code, 'on_time_disposal_rate', disposed_on_time, due_disposal, CASE WHEN due_disposal = 0 AND due > 0 THEN 'not_recorded' END FROM due_agg
    UNION ALL SELECT object_type, object_code, 'rework_rate', reworked, due_rework, CASE WHEN due_rework = 0 AND due > 0 THEN 'not_recorded' END FROM due_agg
    UNION ALL SELECT object_type, object_code, 'overdue_disposal_rate', overdue_disposal, due_disposal, CASE WHEN due_disposal = 0 AND due > 0 THEN 'not_recorded' END FROM due_agg
    UNION ALL SELECT object_type, object_code, 'extension_rate', extended, due_extension, CASE WHEN due_extension = 0 AND due > 0 THEN 'not_recorded' END FROM due_agg
    UNION ALL SELECT object_type, object_code, 'mean_disposal_hours', hours_sum, hours_n, CASE WHEN due_disposal = 0 AND due > 0 THEN 'not_recorded' END FROM due_agg
    UNION ALL SELECT object_type, object_code, 'registered_count', registered, NULL, NULL FROM reported_agg
    UNION ALL SELECT object_type, object_code, 'public_report_rate', public_reported, reported, NULL FROM reported_agg WHERE object_type <> 'department'
    UNION ALL SELECT object_type, object_code, 'repeat_request_rate', repeated, followed,
              CASE WHEN known = 0 THEN 'no_reporter' WHEN followed = 0 THEN 'follow_up_open' END FROM repeats
    UNION ALL SELECT object_type, object_code, 'satisfaction_rate', satisfied, surveyed, NULL FROM surveyed
    UNION ALL SELECT 'inspector', object_code, 'valid_report_rate', registered, reported, NULL FROM inspector_agg
    UNION ALL SELECT 'inspector', object_code, 'on_time_verify_rate', verified_on_time, to_verify, NULL FROM inspector_agg
    UNION ALL SELECT 'inspector', object_code, 'on_time_check_rate', checked_on_time, to_check, NULL FROM inspector_agg
    UNION ALL SELECT 'inspector', a.inspector_ref, 'miss_rate', r.by_others, r.registered, NULL
              FROM inspector_area AS a JOIN area_registered AS r USING (community_code)
    UNION ALL SELECT 'dispatcher', object_code, 'dispatched_count', dispatched, NULL, NULL FROM dispatcher_agg
    UNION ALL SELECT 'dispatcher', object_code, 'on_time_dispatch_rate', on_time, dispatched, NULL FROM dispatcher_agg
    UNION ALL SELECT 'dispatcher', object_code, 'accurate_dispatch_rate', accurate, dispatched, NULL FROM dispatcher_agg
    UNION ALL SELECT 'call_taker', object_code, 'accepted_count', accepted, NULL, NULL FROM taker_agg
    UNION ALL SELECT 'call_taker', object_code, 'on_time_verify_dispatch_rate', verify_dispatches_on_time, verify_dispatches, NULL FROM taker_agg
    UNION ALL SELECT 'call_taker', object_code, 'on_time_check_dispatch_rate', check_dispatches_on_time, check_dispatches, NULL FROM taker_agg
    UNION ALL SELECT 'shift_leader', object_code, 'on_time_register_rate', registered_on_time, registered, NULL FROM leader_agg
    UNION ALL SELECT 'shift_leader', object_code, 'accurate_register_rate', registered_kept, registered, NULL FROM leader_agg
    -- for a shift leader 按时结案率 is closure within the limit after the check (their own step)
    UNION ALL SELECT 'shift_leader', object_code, 'on_time_closure_rate', closed_on_time, closed, NULL FROM leader_agg
)
UNION ALL
SELECT object_type, object_code, 'median_disposal_hours', NULL, hours_n, hours_median,
       CASE WHEN due_disposal = 0 AND due > 0 THEN 'not_recorded' WHEN coalesce(hours_n, 0) = 0 THEN 'nothing_due' END
FROM due_agg
ORDER BY object_type, object_code, indicator;
