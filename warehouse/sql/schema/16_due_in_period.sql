-- due_in_period(p_start, p_end): THE on-time rule (DOMAIN.md §3 and §4), the one definition the
-- wall, the explorer, the assessment indicators and their drill-down all read.
-- Grain: one row per case due in the period [p_start, p_end): registered, not cancelled, not
-- suspended, assessed_due_at in the period. The period ends at p_end, so its state is read then:
--   closed           closed_at < p_end
--   closed_on_time   closed_at <= due_at (so before p_end too)
--   closed_late      closed before p_end, after due_at
--   open_overdue     not closed by p_end: it counts against the unit
--   disposed, disposed_on_time   the same for disposed_at
-- on-time rate = closed_on_time / (closed + open_overdue) = closed_on_time / due, so leaving a
-- late case open never helps. A period still running (month to date, the explorer's last 30
-- days) ends "now": callers pass p_end = the reference time plus one microsecond
-- (warehouse.periods.through), so what happened at that instant is in.
-- Object keys are case_facts ids (fact_codes); a case without a stage time is simply not closed
-- (disposed) by then.
CREATE OR REPLACE MACRO due_in_period(p_start, p_end) AS TABLE
SELECT
    f.source, f.case_id, f.reported_at,
    f.grid_id, f.community_id, f.street_id, f.major_id, f.category_id, f.channel_id, f.department_id, f.status_id,
    f.assessed_due_at AS due_at, f.closed_at, f.disposed_at, f.dispose_hours, f.reworked, f.extended,
    coalesce(f.closed_at < p_end, false) AS closed,
    coalesce(f.closed_at <= f.assessed_due_at, false) AS closed_on_time,
    coalesce(f.closed_at > f.assessed_due_at AND f.closed_at < p_end, false) AS closed_late,
    NOT coalesce(f.closed_at < p_end, false) AS open_overdue,
    coalesce(f.disposed_at < p_end, false) AS disposed,
    coalesce(f.disposed_at <= f.assessed_due_at, false) AS disposed_on_time
FROM case_facts AS f
WHERE f.assessed_due_at >= p_start AND f.assessed_due_at < p_end;
