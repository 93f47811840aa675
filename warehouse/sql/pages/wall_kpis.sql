-- Wall display KPIs at reference time $now: today = [$today, $now], month to date = [$month, $now];
-- today beside yesterday up to the same time ([$yesterday, $now_yesterday]) and the same date a
-- year before ([$last_year, $now_last_year], NULL when the data does not reach back that far).
-- On-time closure is due_in_period() over the month so far ($through = $now plus one microsecond,
-- warehouse.periods.through): the same rule, and so the same figures, as the explorer and the
-- assessment. Open and overdue counts over all cases read the case_facts flags.
WITH due AS (
    SELECT count(*) FILTER (WHERE closed_on_time) AS closed_on_time, count(*) AS due
    FROM due_in_period($month, $through)
)
SELECT
    (SELECT count(*) FROM cases WHERE reported_at >= $today AND reported_at <= $now) AS new_today,
    (SELECT count(*) FROM cases WHERE reported_at >= $yesterday AND reported_at <= $now_yesterday) AS new_yesterday,
    (SELECT CASE WHEN min(reported_at) <= $last_year THEN
        count(*) FILTER (WHERE reported_at >= $last_year AND reported_at <= $now_last_year) END FROM cases) AS new_last_year,
    (SELECT count(*) FROM cases WHERE reported_at >= $month AND reported_at <= $now) AS new_mtd,
    (SELECT count(*) FROM case_facts WHERE NOT is_closed AND NOT is_cancelled AND reported_at <= $now) AS open_now,
    (SELECT count(*) FROM case_facts WHERE open_due_at < $now) AS overdue_now,
    due.closed_on_time,
    due.due AS on_time_base,
    (SELECT count(*) FILTER (WHERE satisfaction >= 4) FROM cases
      WHERE channel = 'hotline' AND closed_at >= $month AND closed_at <= $now) AS satisfied_mtd,
    (SELECT count(satisfaction) FROM cases
      WHERE channel = 'hotline' AND closed_at >= $month AND closed_at <= $now) AS surveyed_mtd,
    (SELECT count(*) FROM disputes WHERE status IN ('pending', 'mediating')) AS disputes_pending
FROM due;
