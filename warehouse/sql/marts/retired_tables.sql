-- Tables an older GridPulse kept that this version replaced by views (grid_day_counts became a
-- view over case_facts). Grain: one row per such table still present.
SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND table_name IN ('grid_day_counts');
