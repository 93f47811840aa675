-- Merge this run's alerts (temp table new_alerts) and the review store's latest decisions
-- (temp table reviewed: alert_id, status, decided_at) into risk_alerts. Deterministic: the only
-- time used is $generated_at from the change, so a replay gives the same table.
-- 1. statuses from the review store
UPDATE risk_alerts
SET status = r.status, updated_at = r.decided_at
FROM reviewed AS r
WHERE risk_alerts.alert_id = r.alert_id AND risk_alerts.status <> r.status;
-- 2. open alerts still flagged take the new score and explanation
UPDATE risk_alerts
SET score = n.score, rank = n.rank, explanation = n.explanation, explanation_en = n.explanation_en, method = n.method,
    model_version = n.model_version, valid_from = n.valid_from, valid_to = n.valid_to,
    updated_at = CAST($generated_at AS TIMESTAMP), snapshot_id = $snapshot_id
FROM new_alerts AS n
WHERE risk_alerts.alert_key = n.alert_key AND risk_alerts.status = 'open';
-- 3. open alerts no longer flagged expire unreviewed
UPDATE risk_alerts
SET status = 'expired', updated_at = CAST($generated_at AS TIMESTAMP)
WHERE status = 'open' AND alert_key NOT IN (SELECT alert_key FROM new_alerts);
-- 4. new alerts: flagged keys without an open alert, and not reviewed in the last $cooldown_days
INSERT INTO risk_alerts BY NAME
SELECT
    substr(md5(n.alert_key || '|' || CAST($generated_at AS VARCHAR)), 1, 16) AS alert_id,
    n.*,
    'open' AS status,
    CAST($generated_at AS TIMESTAMP) AS created_at,
    CAST($generated_at AS TIMESTAMP) AS updated_at,
    $snapshot_id AS snapshot_id
FROM new_alerts AS n
WHERE NOT EXISTS (
    SELECT 1 FROM risk_alerts AS a
    WHERE a.alert_key = n.alert_key
      AND (a.status = 'open'
           OR (a.status IN ('confirmed', 'dismissed', 'escalated')
               AND a.updated_at >= CAST($generated_at AS TIMESTAMP) - to_days(CAST($cooldown_days AS INTEGER))))
);
