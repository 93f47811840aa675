-- Department ranking this month to date by on-time closure (DOMAIN.md §3): of the cases
-- dispatched to it and due so far, closed on time ÷ (closed + open and overdue). The counts
-- behind the rate name the reason for the bottom three.
WITH due AS (
    SELECT department_code,
           count(*) FILTER (WHERE closed_at IS NOT NULL AND closed_at <= $now) AS closed,
           count(*) FILTER (WHERE closed_at IS NOT NULL AND closed_at <= due_at) AS closed_on_time,
           count(*) FILTER (WHERE closed_at IS NOT NULL AND closed_at > due_at AND closed_at <= $now) AS closed_late,
           count(*) FILTER (WHERE (closed_at IS NULL OR closed_at > $now) AND status NOT IN ('closed', 'cancelled')) AS open_overdue
    FROM cases
    WHERE due_at >= $month AND due_at < $now AND registered_at IS NOT NULL AND department_code IS NOT NULL
      AND status NOT IN ('cancelled', 'suspended')
    GROUP BY department_code
)
SELECT d.department_code, coalesce(p.department_name, d.department_code) AS department_name,
       d.closed + d.open_overdue AS due_cases, d.closed_on_time, d.closed_late, d.open_overdue,
       d.closed_on_time / nullif(d.closed + d.open_overdue, 0) AS on_time_rate
FROM due AS d
LEFT JOIN departments AS p USING (department_code)
WHERE d.closed + d.open_overdue > 0
ORDER BY on_time_rate DESC, due_cases DESC;
