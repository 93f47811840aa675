-- risk_alerts as published (for the review page and the alerts command). Grain: one alert.
SELECT * FROM risk_alerts ORDER BY kind, status, score DESC, alert_id;
