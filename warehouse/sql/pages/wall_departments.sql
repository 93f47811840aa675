-- Department ranking this month to date by on-time closure: due_in_period() over [$month,
-- $through) per department (the same rule as the assessment's on_time_closure_rate), every
-- department of the register included: one with nothing due this month has no rate and is
-- listed last ("no rate", not 0 %). The counts behind the rate name the reason for the bottom three.
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
),
named AS (
    SELECT k.code AS department_code, d.due, d.closed_on_time, d.closed_late, d.open_overdue
    FROM due AS d JOIN fact_codes AS k ON k.dim = 'department' AND k.id = d.department_id
)
SELECT coalesce(n.department_code, p.department_code) AS department_code,
       coalesce(p.department_name, n.department_code) AS department_name,
       coalesce(n.due, 0) AS due_cases, coalesce(n.closed_on_time, 0) AS closed_on_time,
       coalesce(n.closed_late, 0) AS closed_late, coalesce(n.open_overdue, 0) AS open_overdue,
       n.closed_on_time / n.due AS on_time_rate
FROM named AS n
FULL OUTER JOIN departments AS p ON p.department_code = n.department_code
ORDER BY on_time_rate DESC NULLS LAST, due_cases DESC, department_code;
