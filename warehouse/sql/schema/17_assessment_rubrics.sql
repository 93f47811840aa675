-- assessment_rubrics: the rubric each period's assessment_scores were computed with. Grain: one
-- row per period (replaced with that period's scores). rubric_toml is the rubric file's whole
-- text, so the assessment page and the drill-down read the weights and [limits] that were really
-- used (`warehouse assess --rubric FILE`), not whatever default file is on disk today.
CREATE TABLE IF NOT EXISTS assessment_rubrics (
    period VARCHAR NOT NULL,
    rubric_version VARCHAR NOT NULL,
    rubric_name VARCHAR NOT NULL,
    rubric_toml VARCHAR NOT NULL,
    snapshot_id BIGINT NOT NULL
);
