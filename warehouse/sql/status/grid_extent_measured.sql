-- The grids' extent in WGS84 degrees measured from their polygons (needs spatial; for a
-- warehouse whose grids have no lattice yet). Grain: one row, nulls when there are no grids.
SELECT min(ST_XMin(geometry)) AS x0, min(ST_YMin(geometry)) AS y0, max(ST_XMax(geometry)) AS x1, max(ST_YMax(geometry)) AS y1
FROM grids;
