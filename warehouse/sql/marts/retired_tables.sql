-- Which of the tables an older GridPulse kept and this version replaced by views ($names, the
-- keys of marts.RETIRED) are still present. Grain: one row per such table.
SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND list_contains($names::VARCHAR[], table_name);
