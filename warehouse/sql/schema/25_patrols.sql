-- patrols (巡查): published. Grain: one row per (source, patrol_id): a check-in (or GPS point)
-- of one staff member in a grid, with the minutes spent there where the source records them.
CREATE TABLE IF NOT EXISTS patrols (
    patrol_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    staff_ref VARCHAR NOT NULL,
    checked_at TIMESTAMP NOT NULL,
    minutes INTEGER,
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
-- patrol_grid_days: the grid-days a patrol covered and the minutes spent (DOMAIN-style rule in
-- README "Grid base data": a grid-day is covered when any assigned or other staff checked in).
CREATE OR REPLACE VIEW patrol_grid_days AS
SELECT
    grid_code,
    CAST(checked_at AS DATE) AS day,
    count(*) AS check_ins,
    count(DISTINCT staff_ref) AS staff,
    sum(minutes) AS minutes
FROM patrols
WHERE grid_code IS NOT NULL
GROUP BY ALL;
