-- assessment_scores: published. Grain: one row per (period, object_type, object_code, indicator)
-- of the rubric in force. numerator / denominator / value are the indicator (DOMAIN.md §4);
-- score is its 0–100 score, weight its percent in the composite; composite, grade and rank are
-- the object's (repeated on each of its rows). rubric_version and snapshot_id (the data snapshot
-- the numbers were computed on) make every figure citable.
CREATE TABLE IF NOT EXISTS assessment_scores (
    period VARCHAR NOT NULL,
    object_type VARCHAR NOT NULL,
    object_code VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    numerator DOUBLE,
    denominator DOUBLE,
    value DOUBLE,
    score DOUBLE,
    weight DOUBLE,
    composite DOUBLE,
    grade VARCHAR,
    rank INTEGER,
    rubric_version VARCHAR NOT NULL,
    snapshot_id BIGINT NOT NULL,
    note VARCHAR  -- why an indicator has no score: not_recorded (the source never records its stage) or nothing_due
);
