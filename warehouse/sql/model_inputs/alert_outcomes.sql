-- alert_outcomes: did the flagged thing happen? Grain: one row per alert. For a hotspot alert,
-- the cases reported in its grid during its window (valid_from … valid_to, exclusive), null while
-- the window is still open at $as_of; for a dispute alert, whether the dispute escalated.
WITH hotspot_counts AS (  -- non-cancelled cases in each closed hotspot window, from case_facts
    SELECT a.alert_id, count(f.grid_id) AS cases
    FROM risk_alerts AS a
    JOIN fact_codes AS k ON k.dim = 'grid' AND k.code = a.grid_code
    LEFT JOIN case_facts AS f
      ON f.grid_id = k.id AND f.day >= a.valid_from AND f.day < a.valid_to AND NOT f.is_cancelled
    WHERE a.kind = 'hotspot' AND a.valid_to <= CAST($as_of AS DATE)
    GROUP BY a.alert_id
)
SELECT
    a.alert_id,
    a.kind,
    a.status,
    a.created_at,
    CASE
        WHEN a.kind = 'hotspot' AND a.valid_to <= CAST($as_of AS DATE) THEN coalesce(h.cases, 0)
    END AS cases_in_window,
    CASE WHEN a.kind = 'dispute' THEN d.escalated END AS dispute_escalated
FROM risk_alerts AS a
LEFT JOIN hotspot_counts AS h ON h.alert_id = a.alert_id
LEFT JOIN disputes AS d ON a.kind = 'dispute' AND d.dispute_id = a.subject_id
ORDER BY a.created_at, a.alert_id;
