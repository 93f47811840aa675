-- staff (多员合一): published. Grain: one row per (source, assignment_id): one person's
-- assignment to one grid in a role, from valid_from to valid_to (null: still assigned).
-- staff_ref is a salted hash of the staff number; names and phone numbers are never stored.
CREATE TABLE IF NOT EXISTS staff (
    assignment_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    staff_ref VARCHAR NOT NULL,
    role VARCHAR NOT NULL,  -- full_time_gridworker, part_time_gridworker, community_police, community_worker, urban_inspector, street_cadre, other
    valid_from DATE NOT NULL,
    valid_to DATE,
    grid_code VARCHAR,
    community_code VARCHAR,
    street_code VARCHAR,
    district_code VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    updated_at TIMESTAMP NOT NULL,
    location_quality VARCHAR NOT NULL,
    quality_flags VARCHAR,
    row_hash UBIGINT NOT NULL,
    run_id BIGINT NOT NULL
);
