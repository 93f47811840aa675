"""GridPulse warehouse: versioned DuckDB snapshots, layered SQL (raw → staging → marts)."""
