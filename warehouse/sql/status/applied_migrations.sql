-- The migrations this warehouse has had applied. Grain: one row per migration file name.
SELECT name FROM schema_migrations ORDER BY name;
