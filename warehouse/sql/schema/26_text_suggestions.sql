-- text_suggestions: published by `python -m models suggest`. Grain: one row per (source, case_id,
-- target), target = category | department. What a model fitted on the warehouse's own labelled
-- text suggests for a case, beside what the case records: a suggestion, never a fact (the
-- case's own columns are not changed). recorded is NULL where the source gave no label (the
-- suggestion fills that gap for a dispatcher to confirm); disagrees is true where a recorded
-- label differs from a suggestion at least the threshold sure (possible 错派, for review).
-- The model was fitted only on cases reported before fitted_until, the start of the review
-- window: it never judges a case it learned from.
CREATE TABLE IF NOT EXISTS text_suggestions (
    source VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    suggested VARCHAR NOT NULL,
    probability DOUBLE NOT NULL,
    second VARCHAR,
    second_probability DOUBLE,
    recorded VARCHAR,
    disagrees BOOLEAN NOT NULL,
    threshold DOUBLE NOT NULL,
    model_version VARCHAR NOT NULL,
    fitted_until TIMESTAMP NOT NULL,
    snapshot_id BIGINT NOT NULL
);
