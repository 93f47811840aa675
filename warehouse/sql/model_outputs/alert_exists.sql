-- Whether an alert id is published (the review command refuses unknown ids). Grain: one row.
SELECT count(*) > 0 AS found FROM risk_alerts WHERE alert_id = $alert_id;
