-- hotspot_forecast: published. Grain: one row per grid_code for the latest scoring run: the
-- expected cases in the next step (valid_from … valid_to, exclusive end) by the method that won
-- the backtest, its rank by risk density (1 = highest), and the grid's current Gi* hot/cold label
-- and space-time class. Replaced as a whole by each `python -m models score|alerts`.
CREATE TABLE IF NOT EXISTS hotspot_forecast (
    grid_code VARCHAR NOT NULL,
    street_code VARCHAR,
    community_code VARCHAR,
    method VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    step_days INTEGER NOT NULL,
    valid_from DATE NOT NULL,
    valid_to DATE NOT NULL,
    expected DOUBLE NOT NULL,
    density_rank INTEGER NOT NULL,
    in_top_5pct BOOLEAN NOT NULL,
    recent_cases INTEGER NOT NULL,
    previous_cases INTEGER NOT NULL,
    gi_z DOUBLE,
    gi_label INTEGER,
    space_time_class VARCHAR,
    snapshot_id BIGINT NOT NULL
);
