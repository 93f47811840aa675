-- Mart tables an older GridPulse wrote with fewer columns: each table of $tables that exists
-- without its marker column ($markers, same position). Grain: one row per such table; each is
-- dropped and rebuilt from cases (marts.drop_retired, then marts.ensure).
SELECT t.table_name FROM duckdb_tables() AS t
WHERE NOT t.temporary AND list_contains($tables::VARCHAR[], t.table_name)
  AND NOT EXISTS (
      SELECT 1 FROM duckdb_columns() AS c
      WHERE c.table_name = t.table_name
        AND c.column_name = ($markers::VARCHAR[])[list_position($tables::VARCHAR[], t.table_name)]
  );
