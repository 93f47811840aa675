-- grid_day_counts: mart. Grain: one row per (grid_code, day, category_major, channel) with
-- case counts by reported_at (local day). Kept by difference on each cases load (marts/*_delta).
CREATE TABLE IF NOT EXISTS grid_day_counts (
    grid_code VARCHAR,
    community_code VARCHAR,
    street_code VARCHAR,
    day DATE NOT NULL,
    category_major VARCHAR,
    channel VARCHAR,
    cases INTEGER NOT NULL,
    closed INTEGER NOT NULL,
    cancelled INTEGER NOT NULL
);
