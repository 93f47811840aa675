-- The wall's CityScore inputs for four windows that end now: today [$today, $now], the last 7,
-- 30 and 90 days. Each window's case figures read due_in_period() (the on-time rule of every
-- page): due_in_period($quarter, $through) is the widest window, and because a case's flags
-- depend only on the period's end, which all four share, the narrower windows are its rows with
-- due_at at or after their start. On-time disposal and rework count only cases from sources that
-- record those stages (recorded_stages): a source without them is left out, never scored as
-- failing or perfect. Satisfaction: hotline cases closed in the window with a survey answer.
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
)
SELECT w.period,
       (SELECT count(*) FROM due WHERE due_at >= w.start_at)::INTEGER AS due,
       (SELECT count(*) FILTER (WHERE closed_on_time) FROM due WHERE due_at >= w.start_at)::INTEGER AS closed_on_time,
       (SELECT count(*) FILTER (WHERE disposal_recorded) FROM due WHERE due_at >= w.start_at)::INTEGER AS disposal_due,
       (SELECT count(*) FILTER (WHERE disposal_recorded AND disposed_on_time) FROM due WHERE due_at >= w.start_at)::INTEGER
           AS disposed_on_time,
       (SELECT count(*) FILTER (WHERE rework_recorded) FROM due WHERE due_at >= w.start_at)::INTEGER AS rework_due,
       (SELECT count(*) FILTER (WHERE rework_recorded AND reworked) FROM due WHERE due_at >= w.start_at)::INTEGER AS reworked,
       (SELECT count(*) FROM surveys WHERE closed_at >= w.start_at)::INTEGER AS surveyed,
       (SELECT count(*) FILTER (WHERE satisfaction >= 4) FROM surveys WHERE closed_at >= w.start_at)::INTEGER AS satisfied
FROM windows AS w
ORDER BY w.ord;
