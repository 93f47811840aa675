-- risk_alerts for the review queue, with region names. Grain: one alert.
SELECT
    a.alert_id, a.kind, a.subject_id, a.grid_code, a.community_code, a.street_code,
    g.grid_name, g.community_name, g.street_name, a.score, a.rank, a.explanation, a.explanation_en, a.method, a.model_version,
    a.valid_from, a.valid_to, a.status, a.created_at, a.updated_at, a.snapshot_id
FROM risk_alerts AS a
LEFT JOIN grids AS g USING (grid_code)
ORDER BY a.kind, a.score DESC, a.alert_id;
