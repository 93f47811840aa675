-- grids upsert: geometry arrives as WGS84 WKT with its metric area and centroid computed in the
-- pipeline. Afterwards every located case and dispute is placed again on the new grids.
DELETE FROM grids AS t USING winners AS w WHERE t.grid_code = w._key;
INSERT INTO grids BY NAME
SELECT
    w.* EXCLUDE (_key, _seq, _row, raw_hash, updated_at, quality_flags, geometry_wkt),
    ST_GeomFromText(w.geometry_wkt) AS geometry,
    $run_id AS run_id
FROM winners AS w;
