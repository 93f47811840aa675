-- components (物/部件): published. Grain: one row per (source, component_id), latest state.
-- component_id: 6-digit admin code + 5-digit class + 6-digit sequence (17 digits; the older
-- CJ/T 214 scheme's 16 digits are accepted). class_code is a component class of the catalogue.
CREATE TABLE IF NOT EXISTS components (
    component_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    class_code VARCHAR NOT NULL,
    condition VARCHAR NOT NULL,  -- intact 完好, damaged 破损, lost 丢失, abandoned 废弃, removed 移除
    department_code VARCHAR,  -- the owner (权属单位)
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
-- component_history: every condition a component was loaded with, one row per change (the
-- first load included), so "failing repeatedly" can be read across loads.
-- Grain: one row per (source, component_id, run_id) where the condition changed.
CREATE TABLE IF NOT EXISTS component_history (
    component_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    condition VARCHAR NOT NULL,
    previous_condition VARCHAR,  -- null for the first load of the component
    changed_at TIMESTAMP,  -- the source's update time where it gives one, else null
    run_id BIGINT NOT NULL
);
