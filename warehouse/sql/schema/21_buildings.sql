-- buildings (地/房): published. Grain: one row per (source, building_id), latest state.
CREATE TABLE IF NOT EXISTS buildings (
    building_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    address VARCHAR,  -- phone and ID numbers masked
    building_use VARCHAR,  -- residential, commercial, rental (出租屋), school, office, industrial, public, mixed, other
    floors INTEGER,
    households INTEGER,
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
