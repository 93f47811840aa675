-- grids upsert: geometry arrives as WGS84 WKT with its metric area and centroid computed in the
-- pipeline. Afterwards every located case and dispute is placed again on the new grids.
-- A generated square grid replaces the square grid loaded before it (another cell size, another
-- study area): its cells are generated, not records, and two lattices left side by side would
-- overlap, the older one keeping every case (the smaller code wins an overlap).
DELETE FROM grids
WHERE source = 'square_grid'
  AND EXISTS (SELECT 1 FROM batch WHERE source = 'square_grid')
  AND grid_code NOT IN (SELECT _key FROM batch);
DELETE FROM grids AS t USING winners AS w WHERE t.grid_code = w._key;
INSERT INTO grids BY NAME
SELECT
    w.* EXCLUDE (_key, _seq, _row, raw_hash, updated_at, quality_flags, geometry_wkt),
    ST_GeomFromText(w.geometry_wkt) AS geometry,
    $run_id AS run_id
FROM winners AS w;
