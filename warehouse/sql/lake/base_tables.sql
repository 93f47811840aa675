-- The published tables of an attached database ($catalog): every base table of its main schema
-- (views and macros are re-created from schema/ by whoever reads, not copied).
SELECT table_name
FROM information_schema.tables
WHERE table_catalog = $catalog AND table_schema = 'main' AND table_type = 'BASE TABLE'
ORDER BY table_name;
