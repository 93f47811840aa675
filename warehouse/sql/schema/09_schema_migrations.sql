-- schema_migrations: which files of sql/migrations/ this warehouse has had applied (warehouse/
-- migrations.py). Grain: one row per migration, by file name.
CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
);
