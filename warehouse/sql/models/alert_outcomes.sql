-- alert_outcomes: did the flagged thing happen? Grain: one row per alert. For a hotspot alert,
-- the cases reported in its grid during its window (valid_from … valid_to, exclusive), null while
-- the window is still open at $as_of; for a dispute alert, whether the dispute escalated.
SELECT
    a.alert_id,
    a.kind,
    a.status,
    a.created_at,
    CASE
        WHEN a.kind = 'hotspot' AND a.valid_to <= CAST($as_of AS DATE) THEN
            (SELECT coalesce(sum(g.cases - g.cancelled), 0) FROM grid_day_counts AS g
             WHERE g.grid_code = a.grid_code AND g.day >= a.valid_from AND g.day < a.valid_to)
    END AS cases_in_window,
    CASE WHEN a.kind = 'dispute' THEN d.escalated END AS dispute_escalated
FROM risk_alerts AS a
LEFT JOIN disputes AS d ON a.kind = 'dispute' AND d.dispute_id = a.subject_id
ORDER BY a.created_at, a.alert_id;
