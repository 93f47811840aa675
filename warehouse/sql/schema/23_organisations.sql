-- organisations (组织): published. Grain: one row per (source, org_id), latest state.
CREATE TABLE IF NOT EXISTS organisations (
    org_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    org_name VARCHAR,  -- phone and ID numbers masked
    org_type VARCHAR NOT NULL,  -- enterprise, individual_business, social_org, school, hospital, key_place, government, other
    address VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    grid_code VARCHAR,
    community_code VARCHAR,
    street_code VARCHAR,
    district_code VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    location_quality VARCHAR NOT NULL,
    quality_flags VARCHAR,
    row_hash UBIGINT NOT NULL,
    run_id BIGINT NOT NULL
);
