-- The coverage of one period [$start, $end) (schema/19): days with reports in it, the data's whole
-- report extent (is the period complete?), and over the cases due in it the shares closed and from
-- a source that records disposal. One row.
WITH extent AS (
    SELECT min(reported_at) AS data_first, max(reported_at) AS data_last FROM case_facts
),
inside AS (
    SELECT count(DISTINCT day) AS days_with_data, min(reported_at) AS first_report, max(reported_at) AS last_report
    FROM case_facts WHERE reported_at >= $start AND reported_at < $end
),
due AS (
    SELECT count(*) AS due_cases, count(*) FILTER (WHERE d.closed) AS closed_cases,
           count(*) FILTER (WHERE d.closed_on_time) AS closed_on_time, avg(d.closed::INTEGER) AS share_closed,
           avg(coalesce(r.disposal, false)::INTEGER) AS share_disposal_recorded
    FROM due_in_period($start, $end) AS d LEFT JOIN recorded_stages AS r ON r.source = d.source
)
SELECT (e.data_first <= CAST($start AS TIMESTAMP) + INTERVAL 1 DAY AND e.data_last >= CAST($end AS TIMESTAMP) - INTERVAL 1 DAY) AS complete,
       datediff('day', CAST($start AS DATE), CAST($end AS DATE))::INTEGER AS days_in_period,
       i.days_with_data::INTEGER AS days_with_data, i.first_report, i.last_report,
       d.due_cases, d.closed_cases, d.closed_on_time, d.share_closed, d.share_disposal_recorded
FROM extent AS e, inside AS i, due AS d;
