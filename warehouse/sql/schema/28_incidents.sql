-- incident_links (一事多报): published by `python -m models incidents`. Grain: one row per
-- candidate link of the last run's window: two reports at most 150 m and 48 hours apart whose
-- confidence (models/incidents.py) is at least the review threshold. status: linked (sure
-- enough), uncertain (waits for a reviewer), confirmed or split (a reviewer's decision, from the
-- operational store, applied by the run).
-- case_incidents: every report that shares an incident with another, the incident's id (its
-- first report's source:case_id), how many reports and channels the incident has.
CREATE TABLE IF NOT EXISTS incident_links (
    link_id VARCHAR NOT NULL,
    source_a VARCHAR NOT NULL,
    case_a VARCHAR NOT NULL,
    source_b VARCHAR NOT NULL,
    case_b VARCHAR NOT NULL,
    distance_m DOUBLE NOT NULL,
    hours DOUBLE NOT NULL,
    similarity DOUBLE NOT NULL,
    confidence DOUBLE NOT NULL,
    status VARCHAR NOT NULL,
    snapshot_id BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_incidents (
    source VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    incident_id VARCHAR NOT NULL,
    reports BIGINT NOT NULL,
    channels BIGINT NOT NULL,
    snapshot_id BIGINT NOT NULL
);
