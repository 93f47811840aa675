-- Department ranking this month to date by on-time closure: due_in_period() over [$month,
-- $through) per department (the same rule as the assessment's on_time_closure_rate). The counts
-- behind the rate name the reason for the bottom three.
WITH due AS (
    SELECT department_id,
           count(*) FILTER (WHERE closed) AS closed,
           count(*) FILTER (WHERE closed_on_time) AS closed_on_time,
           count(*) FILTER (WHERE closed_late) AS closed_late,
           count(*) FILTER (WHERE open_overdue) AS open_overdue,
           count(*) AS due
    FROM due_in_period($month, $through)
    WHERE department_id IS NOT NULL
    GROUP BY department_id
)
SELECT k.code AS department_code, coalesce(p.department_name, k.code) AS department_name,
       d.due AS due_cases, d.closed_on_time, d.closed_late, d.open_overdue,
       d.closed_on_time / d.due AS on_time_rate
FROM due AS d
JOIN fact_codes AS k ON k.dim = 'department' AND k.id = d.department_id
LEFT JOIN departments AS p ON p.department_code = k.code
ORDER BY on_time_rate DESC, due_cases DESC, department_code;
