-- The cases behind one indicator value: every case in its denominator, flagged when it is in the
-- numerator. Due-based indicators read due_in_period() as assessment/indicators.sql does; the
-- event-based ones use the same predicates as that file (DOMAIN.md §4). Counts list
-- the counted cases (all in the numerator); hour indicators list the due cases with a disposal
-- time (the average and median are over those). miss_rate lists the inspector's area;
-- repeat_request_rate the unit's requests followed for repeat_days (repeat_requests(), schema/29),
-- the repeated ones in the numerator with the request that repeated each (repeat_case_id, NULL
-- for every other indicator).
WITH scoped AS (
    SELECT * FROM cases
    WHERE CASE $object_type
            WHEN 'department' THEN department_code = $object_code
            WHEN 'street' THEN street_code = $object_code
            WHEN 'community' THEN community_code = $object_code
            WHEN 'grid' THEN grid_code = $object_code
            WHEN 'inspector' THEN inspector_ref = $object_code
            WHEN 'call_taker' THEN operator_ref = $object_code
            WHEN 'dispatcher' THEN dispatcher_ref = $object_code
            WHEN 'shift_leader' THEN shift_leader_ref = $object_code
            ELSE false END
),
area AS (  -- an inspector's area: the community they report most from in P
    SELECT mode(community_code) AS community_code FROM cases
    WHERE inspector_ref = $object_code AND channel = 'inspector' AND reported_at >= $start AND reported_at < $end
),
flagged AS (
    -- due-based rates and hours (departments and regions): the membership and flags of
    -- due_in_period(), exactly what assessment/indicators.sql counts
    SELECT c.*, CASE $indicator
               WHEN 'closure_rate' THEN d.closed
               WHEN 'on_time_closure_rate' THEN d.closed_on_time
               WHEN 'disposal_rate' THEN d.disposed
               WHEN 'on_time_disposal_rate' THEN d.disposed_on_time
               WHEN 'rework_rate' THEN d.reworked
               WHEN 'overdue_disposal_rate' THEN NOT d.disposed_on_time
               WHEN 'extension_rate' THEN d.extended
               ELSE d.dispose_hours IS NOT NULL END AS in_numerator
    FROM due_in_period($start, $end) AS d
    JOIN fact_codes AS k
      ON k.dim = $object_type
     AND k.id = CASE $object_type WHEN 'department' THEN d.department_id WHEN 'street' THEN d.street_id
                                  WHEN 'community' THEN d.community_id ELSE d.grid_id END
    JOIN cases AS c ON c.source = d.source AND c.case_id = d.case_id
    WHERE k.code = $object_code
      AND $object_type IN ('department', 'street', 'community', 'grid')
      AND $indicator IN ('closure_rate', 'on_time_closure_rate', 'disposal_rate', 'on_time_disposal_rate', 'rework_rate',
                         'overdue_disposal_rate', 'extension_rate', 'mean_disposal_hours', 'median_disposal_hours')
      AND ($indicator NOT IN ('mean_disposal_hours', 'median_disposal_hours') OR d.dispose_hours IS NOT NULL)
    UNION ALL BY NAME
    -- events counted inside P
    SELECT *, CASE $indicator
               WHEN 'public_report_rate' THEN channel IN ('public', 'hotline')
               WHEN 'satisfaction_rate' THEN satisfaction >= 4
               WHEN 'valid_report_rate' THEN registered_at IS NOT NULL
               WHEN 'on_time_verify_rate' THEN verify_work_hours <= $verify_hours
               WHEN 'on_time_check_rate' THEN check_work_hours <= $check_hours
               WHEN 'on_time_verify_dispatch_rate' THEN verify_dispatch_work_hours <= $verify_dispatch_hours
               WHEN 'on_time_check_dispatch_rate' THEN check_dispatch_work_hours <= $check_dispatch_hours
               WHEN 'on_time_register_rate' THEN register_work_hours <= $register_hours
               WHEN 'accurate_register_rate' THEN status <> 'cancelled'
               WHEN 'on_time_closure_rate' THEN close_after_check_work_hours <= $close_hours
               WHEN 'on_time_dispatch_rate' THEN dispatch_work_hours <= $dispatch_hours
               WHEN 'accurate_dispatch_rate' THEN return_count = 0
               ELSE true END AS in_numerator
    FROM scoped
    WHERE CASE $indicator
            WHEN 'registered_count' THEN registered_at >= $start AND registered_at < $end
            WHEN 'public_report_rate' THEN $object_type <> 'department' AND reported_at >= $start AND reported_at < $end
            WHEN 'satisfaction_rate' THEN satisfaction IS NOT NULL AND closed_at >= $start AND closed_at < $end
            WHEN 'valid_report_rate' THEN channel = 'inspector' AND reported_at >= $start AND reported_at < $end
            WHEN 'on_time_verify_rate' THEN verify_dispatched_at >= $start AND verify_dispatched_at < $end
            WHEN 'on_time_check_rate' THEN coalesce(check_dispatched_at, disposed_at) >= $start AND coalesce(check_dispatched_at, disposed_at) < $end
            WHEN 'accepted_count' THEN accepted_at >= $start AND accepted_at < $end
            WHEN 'on_time_verify_dispatch_rate' THEN verify_dispatched_at >= $start AND verify_dispatched_at < $end
            WHEN 'on_time_check_dispatch_rate' THEN check_dispatched_at >= $start AND check_dispatched_at < $end
            WHEN 'on_time_register_rate' THEN registered_at >= $start AND registered_at < $end
            WHEN 'accurate_register_rate' THEN registered_at >= $start AND registered_at < $end
            WHEN 'on_time_closure_rate' THEN $object_type = 'shift_leader' AND closed_at >= $start AND closed_at < $end AND checked_at IS NOT NULL
            WHEN 'dispatched_count' THEN dispatched_at >= $start AND dispatched_at < $end
            WHEN 'on_time_dispatch_rate' THEN dispatched_at >= $start AND dispatched_at < $end
            WHEN 'accurate_dispatch_rate' THEN dispatched_at >= $start AND dispatched_at < $end
            ELSE false END
    UNION ALL BY NAME
    -- repeat requests: the unit's requests reported in P and followed, repeated in the numerator
    SELECT s.*, r.repeated AS in_numerator, r.repeat_case_id
    FROM scoped AS s JOIN repeat_requests($start, $end, $repeat_days) AS r ON r.source = s.source AND r.case_id = s.case_id
    WHERE $indicator = 'repeat_request_rate' AND $object_type IN ('department', 'street', 'community', 'grid') AND r.followed
    UNION ALL BY NAME
    -- miss rate: registered cases in the inspector's area, by others in the numerator
    SELECT c.*, c.channel IN ('public', 'hotline') AS in_numerator
    FROM cases AS c JOIN area AS a USING (community_code)
    WHERE $indicator = 'miss_rate' AND c.registered_at IS NOT NULL AND c.reported_at >= $start AND c.reported_at < $end
)
SELECT in_numerator, case_id, category_name, channel, status, reported_at, registered_at, dispatched_at, disposed_at, closed_at,
       due_at, rework_count, extension_count, satisfaction, dispose_work_hours, repeat_case_id
FROM flagged
-- what went wrong first: the cases outside the numerator of a higher-is-better rate (not closed
-- on time …), the cases in it of a lower-is-better one (reworked, repeated …)
ORDER BY CASE WHEN $indicator IN ('rework_rate', 'overdue_disposal_rate', 'extension_rate', 'public_report_rate', 'miss_rate',
                                  'repeat_request_rate') THEN NOT in_numerator ELSE in_numerator END,
         due_at NULLS LAST, case_id
LIMIT 5000;
