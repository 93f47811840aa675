-- Wall display KPIs at reference time $now: today = [$today, $now], month to date = [$month, $now].
-- On-time closure (DOMAIN.md §3): of the registered, not cancelled cases due so far this month,
-- closed on time ÷ (closed + open and overdue); suspended cases are left out. Open and overdue
-- counts over all cases read the case_facts flags (a status string test on every case cost 0.1 s).
WITH due AS (
    SELECT
        count(*) FILTER (WHERE closed_at IS NOT NULL AND closed_at <= $now) AS closed,
        count(*) FILTER (WHERE closed_at IS NOT NULL AND closed_at <= due_at) AS closed_on_time,
        count(*) FILTER (WHERE (closed_at IS NULL OR closed_at > $now) AND status NOT IN ('closed', 'cancelled')) AS open_overdue
    FROM cases
    WHERE due_at >= $month AND due_at < $now AND registered_at IS NOT NULL
      AND status NOT IN ('cancelled', 'suspended')
)
SELECT
    (SELECT count(*) FROM cases WHERE reported_at >= $today AND reported_at <= $now) AS new_today,
    (SELECT count(*) FROM cases WHERE reported_at >= $month AND reported_at <= $now) AS new_mtd,
    (SELECT count(*) FROM case_facts WHERE NOT is_closed AND NOT is_cancelled AND reported_at <= $now) AS open_now,
    (SELECT count(*) FROM case_facts WHERE open_due_at < $now) AS overdue_now,
    due.closed_on_time,
    due.closed + due.open_overdue AS on_time_base,
    (SELECT count(*) FILTER (WHERE satisfaction >= 4) FROM cases
      WHERE channel = 'hotline' AND closed_at >= $month AND closed_at <= $now) AS satisfied_mtd,
    (SELECT count(satisfaction) FROM cases
      WHERE channel = 'hotline' AND closed_at >= $month AND closed_at <= $now) AS surveyed_mtd,
    (SELECT count(*) FROM disputes WHERE status IN ('pending', 'mediating')) AS disputes_pending
FROM due;
