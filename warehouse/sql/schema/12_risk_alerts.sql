-- risk_alerts: published. Grain: one row per alert. alert_key (kind:subject) is stable across
-- runs: a re-run updates the open alert of a key instead of adding another. status: open |
-- confirmed | dismissed | escalated (copied from the review store's latest decision) | expired
-- (no longer flagged before anyone reviewed it). score: expected cases next step (hotspot) or
-- escalation probability (dispute).
CREATE TABLE IF NOT EXISTS risk_alerts (
    alert_id VARCHAR NOT NULL,
    alert_key VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    subject_id VARCHAR NOT NULL,
    grid_code VARCHAR,
    community_code VARCHAR,
    street_code VARCHAR,
    score DOUBLE NOT NULL,
    rank INTEGER,
    explanation VARCHAR NOT NULL,
    explanation_en VARCHAR,  -- the same in English (NULL for alerts written before migration 005)
    method VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    valid_from DATE,
    valid_to DATE,
    status VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    snapshot_id BIGINT NOT NULL
);
