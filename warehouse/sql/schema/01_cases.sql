-- cases (案件): published, staging layer of the warehouse.
-- Grain: one row per (source, case_id), its latest known state (a later updated_at wins).
-- Times are the city's local wall-clock time. lon/lat are WGS84 degrees. grid_code is null only
-- when the case could not be located (location_quality = 'none'); such cases are counted.
CREATE TABLE IF NOT EXISTS cases (
    case_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    object_kind VARCHAR,
    category_code VARCHAR,
    category_name VARCHAR,
    category_major VARCHAR,
    category_scheme VARCHAR,
    description VARCHAR,
    address VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    grid_code VARCHAR,
    community_code VARCHAR,
    street_code VARCHAR,
    district_code VARCHAR,
    department_code VARCHAR,
    reported_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    verify_dispatched_at TIMESTAMP,  -- 核实派发: the call taker sends an inspector to verify a public report
    verified_at TIMESTAMP,           -- 核实: the inspector confirms it on site
    registered_at TIMESTAMP,
    dispatched_at TIMESTAMP,
    signed_at TIMESTAMP,
    disposed_at TIMESTAMP,
    check_dispatched_at TIMESTAMP,   -- 核查派发: the call taker sends an inspector to check the disposal
    checked_at TIMESTAMP,
    closed_at TIMESTAMP,
    due_at TIMESTAMP,
    status VARCHAR NOT NULL,
    -- counts are NULL where the source does not record them (its profile maps no such column):
    -- "not recorded", which the assessment leaves unscored, never 0 (a perfect score) or a failure
    rework_count INTEGER,
    extension_count INTEGER,
    return_count INTEGER,
    satisfaction TINYINT,
    duplicate_of VARCHAR,
    reporter_ref VARCHAR,
    inspector_ref VARCHAR,
    operator_ref VARCHAR,
    dispatcher_ref VARCHAR,
    shift_leader_ref VARCHAR,        -- 值班长 who registered the case
    updated_at TIMESTAMP NOT NULL,
    -- working-time clocks (pipelines/sla.py): due_derived = due_at came from the category's time
    -- limit counted from dispatch; hours are working hours from dispatch to disposal / closure,
    -- from registration to dispatch, and from disposal to the on-site check
    due_derived BOOLEAN,
    dispose_work_hours DOUBLE,
    close_work_hours DOUBLE,
    dispatch_work_hours DOUBLE,
    check_work_hours DOUBLE,
    verify_dispatch_work_hours DOUBLE,
    verify_work_hours DOUBLE,
    register_work_hours DOUBLE,
    check_dispatch_work_hours DOUBLE,
    close_after_check_work_hours DOUBLE,
    -- lineage: how the case was located ('point', 'grid_code', 'community_code', 'none'),
    -- repairs made on load, the content hash used for idempotent reloads, the run that wrote it
    location_quality VARCHAR NOT NULL,
    quality_flags VARCHAR,
    row_hash UBIGINT NOT NULL,
    run_id BIGINT NOT NULL,
    extras JSON,  -- source columns the canonical record has no place for, named by the profile's [extras]
    component_id VARCHAR  -- the component (部件) a case is about, as the source gave it (README "Grid base data")
);
