-- Street ranking this month to date by on-time closure: due_in_period() over [$month, $through)
-- per street (the rule of the department ranking beside it and of the assessment's
-- on_time_closure_rate). Every street of the grids register is listed; one with no case due yet
-- has no rate and is ranked last, never shown as 0 %.
WITH due AS (
    SELECT street_id,
           count(*) FILTER (WHERE closed_on_time) AS closed_on_time,
           count(*) FILTER (WHERE closed_late) AS closed_late,
           count(*) FILTER (WHERE open_overdue) AS open_overdue,
           count(*) AS due
    FROM due_in_period($month, $through)
    WHERE street_id IS NOT NULL
    GROUP BY street_id
),
streets AS (
    SELECT street_code, any_value(street_name) AS street_name FROM grids WHERE street_code IS NOT NULL GROUP BY street_code
)
SELECT s.street_code, coalesce(s.street_name, s.street_code) AS street_name,
       coalesce(d.due, 0)::INTEGER AS due_cases, coalesce(d.closed_on_time, 0)::INTEGER AS closed_on_time,
       coalesce(d.closed_late, 0)::INTEGER AS closed_late, coalesce(d.open_overdue, 0)::INTEGER AS open_overdue,
       d.closed_on_time / d.due AS on_time_rate
FROM streets AS s
LEFT JOIN fact_codes AS k ON k.dim = 'street' AND k.code = s.street_code
LEFT JOIN due AS d ON d.street_id = k.id
ORDER BY on_time_rate DESC NULLS LAST, due_cases DESC, s.street_code;
