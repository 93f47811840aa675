-- The wall's CityScore inputs for four windows that end now: today [$today, $now], the last 7,
-- 30 and 90 days. Each window's case figures read due_in_period() (the on-time rule of every
-- page): due_in_period($quarter, $through) is the widest window, and because a case's flags
-- depend only on the period's end, which all four share, the narrower windows are its rows with
-- due_at at or after their start. On-time disposal and rework count only cases from sources that
-- record those stages (recorded_stages): a source without them is left out, never scored as
-- failing or perfect. Satisfaction: hotline cases closed in the window with a survey answer.
-- Each window is counted in one grouped pass (a window joined to the rows at or after its start).
WITH windows(period, start_at, ord) AS (
    VALUES ('day', CAST($today AS TIMESTAMP), 1), ('week', CAST($week AS TIMESTAMP), 2),
           ('month', CAST($month AS TIMESTAMP), 3), ('quarter', CAST($quarter AS TIMESTAMP), 4)
),
due AS (
    SELECT d.due_at, d.closed_on_time, d.disposed_on_time, d.reworked,
           coalesce(r.disposal, false) AS disposal_recorded, coalesce(r.rework, false) AS rework_recorded
    FROM due_in_period($quarter, $through) AS d
    LEFT JOIN recorded_stages AS r ON r.source = d.source
),
surveys AS (
    SELECT closed_at, satisfaction FROM cases
    WHERE channel = 'hotline' AND closed_at >= $quarter AND closed_at <= $now AND satisfaction IS NOT NULL
),
due_by_window AS (
    SELECT w.period,
           count(d.due_at)::INTEGER AS due,
           count(*) FILTER (WHERE d.closed_on_time)::INTEGER AS closed_on_time,
           count(*) FILTER (WHERE d.disposal_recorded)::INTEGER AS disposal_due,
           count(*) FILTER (WHERE d.disposal_recorded AND d.disposed_on_time)::INTEGER AS disposed_on_time,
           count(*) FILTER (WHERE d.rework_recorded)::INTEGER AS rework_due,
           count(*) FILTER (WHERE d.rework_recorded AND d.reworked)::INTEGER AS reworked
    FROM windows AS w
    LEFT JOIN due AS d ON d.due_at >= w.start_at
    GROUP BY w.period
),
surveys_by_window AS (
    SELECT w.period, count(s.closed_at)::INTEGER AS surveyed, count(*) FILTER (WHERE s.satisfaction >= 4)::INTEGER AS satisfied
    FROM windows AS w
    LEFT JOIN surveys AS s ON s.closed_at >= w.start_at
    GROUP BY w.period
)
SELECT w.period, d.due, d.closed_on_time, d.disposal_due, d.disposed_on_time, d.rework_due, d.reworked, s.surveyed, s.satisfied
FROM windows AS w
JOIN due_by_window AS d USING (period)
JOIN surveys_by_window AS s USING (period)
ORDER BY w.ord;
